import { useState } from "preact/hooks";
import { post } from "../lib/api";
import { PERMS, store, toast, type User } from "../lib/store";
import { t, type Key } from "../i18n";
import { loadMe } from "../main";
import { AdminListPage, confirmAndPost, FormModal, RowActions, RowButton, useAdminList } from "./common";

interface UserRow extends Omit<User, "otp"> {
  allow_ldap?: boolean;
  otp?: boolean;
}

const roleName = (r: number) => t(r === 2 ? "users.role.admin" : r === 1 ? "users.role.guest" : "users.role.general");

function UserForm({ user, onClose, onSaved }: { user: UserRow | null; onClose: () => void; onSaved: () => void }) {
  const [f, setF] = useState<UserRow & { password: string }>(
    user
      ? { ...user, password: "" }
      : { id: 0, username: "", password: "", base_path: "/", role: 0, disabled: false, permission: 0, sso_id: "", allow_ldap: true },
  );
  const [err, setErr] = useState("");
  const bit = (i: number) => ((f.permission >> i) & 1) === 1;
  const setBit = (i: number, on: boolean) => setF({ ...f, permission: on ? f.permission | (1 << i) : f.permission & ~(1 << i) });
  const save = async (e: Event) => {
    e.preventDefault();
    setErr("");
    if (!f.username.trim()) return setErr(t("profile.usernameRequired"));
    const body = {
      id: f.id,
      username: f.username.trim(),
      password: f.password,
      base_path: f.base_path || "/",
      role: f.role,
      permission: f.permission,
      disabled: f.disabled,
      sso_id: f.sso_id,
      allow_ldap: f.allow_ldap ?? true,
    };
    const r = await post(user ? "/api/admin/user/update" : "/api/admin/user/create", body);
    if (r.code !== 200) return setErr(r.message);
    toast(t("common.saved"), "ok");
    if (user && user.id === store.user?.id) loadMe();
    onSaved();
  };
  return (
    <FormModal title={user ? t("users.edit", { name: user.username }) : t("users.add")} testid="user-form" onClose={onClose} onSubmit={save}>
      <div class="form-grid">
        <label class="field">
          <span>{t("login.username")}</span>
          <input name="username" autofocus value={f.username} onInput={(e) => setF({ ...f, username: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t("login.password")}</span>
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            placeholder={user ? t("profile.keepPassword") : ""}
            value={f.password}
            onInput={(e) => setF({ ...f, password: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t("users.basePath")}</span>
          <input name="base_path" value={f.base_path} onInput={(e) => setF({ ...f, base_path: e.currentTarget.value })} />
        </label>
      </div>
      <label class="check-field">
        <input type="checkbox" checked={f.disabled} disabled={f.role === 2} onChange={(e) => setF({ ...f, disabled: e.currentTarget.checked })} />
        {t("users.disabled")}
      </label>
      <fieldset class="perms">
        <legend>{t("users.permissions")}</legend>
        {PERMS.map((p, i) => (
          <label class="check-field perm" title={t(`perm.${p}.help` as Key)}>
            <input type="checkbox" name={p} checked={bit(i)} onChange={(e) => setBit(i, e.currentTarget.checked)} />
            <span>
              {t(`perm.${p}` as Key)} <code class="muted">{p}</code>
            </span>
          </label>
        ))}
      </fieldset>
      {err && <div class="alert err">{err}</div>}
    </FormModal>
  );
}

export function Users() {
  const { rows, load, editing, setEditing, onSaved } = useAdminList<UserRow>("/api/admin/user/list");
  const del = async (u: UserRow) => {
    const ask = { title: t("users.delete"), message: t("users.deleteConfirm", { name: u.username }) };
    if (await confirmAndPost(`/api/admin/user/delete?id=${u.id}`, ask, t("users.deleted", { name: u.username }))) load();
  };
  const cancel2fa = async (u: UserRow) => {
    const ask = { title: t("users.cancel2fa"), message: t("users.cancel2faConfirm", { name: u.username }), okText: t("users.cancel2fa") };
    if (!(await confirmAndPost(`/api/admin/user/cancel_2fa?id=${u.id}`, ask, t("users.cancelled2fa", { name: u.username })))) return;
    if (u.id === store.user?.id) loadMe();
    load();
  };
  return (
    <AdminListPage
      title={t("manage.users")}
      addText={t("users.add")}
      addTestid="add-user"
      onAdd={() => setEditing("new")}
      rows={rows}
      emptyText={t("common.none")}
      tableTestid="users-table"
      columns={[[t("login.username")], [t("users.role")], [t("users.basePath"), "hide-sm"], [t("users.twofa")], [t("users.status")]]}
      row={(u) => (
        <tr data-testid="user-row" data-username={u.username}>
          <td>
            <strong>{u.username}</strong>
          </td>
          <td>{roleName(u.role)}</td>
          <td class="hide-sm">
            <code>{u.base_path}</code>
          </td>
          <td data-testid="user-2fa">
            <span class={"badge " + (u.otp ? "ok" : "off")}>{u.otp ? t("twofa.on") : t("twofa.off")}</span>
          </td>
          <td>
            <span class={"badge " + (u.disabled ? "err" : "ok")}>{u.disabled ? t("users.disabled") : t("users.enabled")}</span>
          </td>
          <RowActions>
            <RowButton icon="edit" label={t("common.edit")} onClick={() => setEditing(u)} testid="edit-user" />
            <RowButton
              icon="shield"
              label={t("users.cancel2fa")}
              disabled={!u.otp}
              title={u.otp ? t("users.cancel2fa") : t("users.no2fa")}
              onClick={() => cancel2fa(u)}
              testid="cancel-2fa"
            />
            {u.role === 0 && <RowButton icon="trash" label={t("common.delete")} danger onClick={() => del(u)} testid="delete-user" />}
          </RowActions>
        </tr>
      )}
    >
      {editing && (
        <UserForm
          user={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      )}
    </AdminListPage>
  );
}
