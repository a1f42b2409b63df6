import { useEffect, useState } from "preact/hooks";
import { get, post } from "../lib/api";
import { Icon } from "../lib/icons";
import { PERMS, store, toast } from "../lib/store";
import { confirmDialog, Empty, Modal, Spinner } from "../lib/ui";
import { t, type Key } from "../i18n";
import { loadMe } from "../main";

interface UserRow {
  id: number;
  username: string;
  base_path: string;
  role: number;
  disabled: boolean;
  permission: number;
  sso_id: string;
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
    <Modal title={user ? t("users.edit", { name: user.username }) : t("users.add")} onClose={onClose} wide testid="user-form">
      <form onSubmit={save}>
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
        <div class="modal-foot inline">
          <button type="button" class="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button class="btn primary">{t("common.save")}</button>
        </div>
      </form>
    </Modal>
  );
}

export function Users() {
  const [rows, setRows] = useState<UserRow[] | null>(null);
  const [editing, setEditing] = useState<UserRow | null | "new">(null);
  const load = async () => {
    const r = await get<{ content: UserRow[] }>("/api/admin/user/list");
    if (r.code !== 200) return toast(r.message, "err");
    setRows(r.data.content || []);
  };
  useEffect(() => {
    load();
  }, []);
  const del = async (u: UserRow) => {
    if (!(await confirmDialog({ title: t("users.delete"), message: t("users.deleteConfirm", { name: u.username }), okText: t("common.delete"), danger: true }))) return;
    const r = await post(`/api/admin/user/delete?id=${u.id}`);
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("users.deleted", { name: u.username }), "ok");
    load();
  };
  const cancel2fa = async (u: UserRow) => {
    const ok = await confirmDialog({
      title: t("users.cancel2fa"),
      message: t("users.cancel2faConfirm", { name: u.username }),
      okText: t("users.cancel2fa"),
      danger: true,
    });
    if (!ok) return;
    const r = await post(`/api/admin/user/cancel_2fa?id=${u.id}`);
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("users.cancelled2fa", { name: u.username }), "ok");
    if (u.id === store.user?.id) loadMe();
    load();
  };
  return (
    <div class="stack">
      <div class="row">
        <h1 class="page-title">{t("manage.users")}</h1>
        <div class="spacer" />
        <button class="btn primary" onClick={() => setEditing("new")} data-testid="add-user">
          <Icon name="plus" /> {t("users.add")}
        </button>
      </div>
      <div class="card table-wrap">
        {rows === null ? (
          <Spinner />
        ) : rows.length === 0 ? (
          <Empty text={t("common.none")} />
        ) : (
          <table class="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t("login.username")}</th>
                <th>{t("users.role")}</th>
                <th class="hide-sm">{t("users.basePath")}</th>
                <th>{t("users.twofa")}</th>
                <th>{t("users.status")}</th>
                <th class="actions">{t("browser.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
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
                  <td class="actions">
                    <div class="row-actions always">
                      <button class="btn small" onClick={() => setEditing(u)} data-testid="edit-user">
                        <Icon name="edit" size={14} /> <span class="label">{t("common.edit")}</span>
                      </button>
                      <button
                        class="btn small"
                        disabled={!u.otp}
                        title={u.otp ? t("users.cancel2fa") : t("users.no2fa")}
                        onClick={() => cancel2fa(u)}
                        data-testid="cancel-2fa"
                      >
                        <Icon name="shield" size={14} /> <span class="label">{t("users.cancel2fa")}</span>
                      </button>
                      {u.role === 0 && (
                        <button class="btn small danger" onClick={() => del(u)} data-testid="delete-user">
                          <Icon name="trash" size={14} /> <span class="label">{t("common.delete")}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && (
        <UserForm
          user={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
    </div>
  );
}
