import { useState } from "preact/hooks";
import { post } from "../lib/api";
import { Icon } from "../lib/icons";
import { toast } from "../lib/store";
import { t, type Key } from "../i18n";
import { AdminListPage, confirmAndPost, FormModal, RowActions, RowButton, useAdminList } from "./common";

interface Meta {
  id: number;
  path: string;
  password: string;
  p_sub: boolean;
  write: boolean;
  w_sub: boolean;
  hide: string;
  h_sub: boolean;
  readme: string;
  r_sub: boolean;
  header: string;
  header_sub: boolean;
  read_users: number[] | null;
  read_users_sub: boolean;
  write_users: number[] | null;
  write_users_sub: boolean;
}

const EMPTY: Meta = {
  id: 0, path: "/", password: "", p_sub: false, write: false, w_sub: false, hide: "", h_sub: false,
  readme: "", r_sub: false, header: "", header_sub: false, read_users: null, read_users_sub: false,
  write_users: null, write_users_sub: false,
};

const ids = (s: string): number[] | null => {
  const v = s.split(/[\s,]+/).map((x) => parseInt(x, 10)).filter((x) => !isNaN(x));
  return v.length ? v : null;
};

function MetaForm({ meta, onClose, onSaved }: { meta: Meta | null; onClose: () => void; onSaved: () => void }) {
  const [m, setM] = useState<Meta>(meta ? { ...meta } : { ...EMPTY });
  const [readUsers, setReadUsers] = useState((meta?.read_users || []).join(", "));
  const [writeUsers, setWriteUsers] = useState((meta?.write_users || []).join(", "));
  const [err, setErr] = useState("");
  const sub = (k: keyof Meta) => (
    <label class="check-field sub">
      <input type="checkbox" checked={!!m[k]} onChange={(e) => setM({ ...m, [k]: e.currentTarget.checked })} />
      {t("metas.applySub")}
    </label>
  );
  const save = async (e: Event) => {
    e.preventDefault();
    setErr("");
    const body = { ...m, hide: m.hide.replace(/\n+$/, ""), read_users: ids(readUsers), write_users: ids(writeUsers) };
    const r = await post(meta ? "/api/admin/meta/update" : "/api/admin/meta/create", body);
    if (r.code !== 200) return setErr(r.message);
    toast(t("common.saved"), "ok");
    onSaved();
  };
  const text = (k: "hide" | "readme" | "header", label: Key, subKey: keyof Meta, rows = 3) => (
    <div class="field">
      <label for={"m-" + k}>{t(label)}</label>
      <textarea id={"m-" + k} rows={rows} value={m[k]} onInput={(e) => setM({ ...m, [k]: e.currentTarget.value })} />
      {sub(subKey)}
    </div>
  );
  return (
    <FormModal title={meta ? t("metas.edit", { path: meta.path }) : t("metas.add")} testid="meta-form" onClose={onClose} onSubmit={save}>
      <div class="form-grid">
        <div class="field">
          <label for="m-path">{t("metas.path")}</label>
          <input id="m-path" autofocus value={m.path} onInput={(e) => setM({ ...m, path: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="m-password">{t("metas.password")}</label>
          <input id="m-password" value={m.password} autocomplete="off" onInput={(e) => setM({ ...m, password: e.currentTarget.value })} />
          {sub("p_sub")}
        </div>
        <div class="field">
          <label class="check-field">
            <input type="checkbox" checked={m.write} onChange={(e) => setM({ ...m, write: e.currentTarget.checked })} />
            {t("metas.write")}
          </label>
          {sub("w_sub")}
        </div>
        <div class="field">
          <label for="m-read-users">{t("metas.readUsers")}</label>
          <input id="m-read-users" value={readUsers} placeholder="1, 3" onInput={(e) => setReadUsers(e.currentTarget.value)} />
          {sub("read_users_sub")}
        </div>
        <div class="field">
          <label for="m-write-users">{t("metas.writeUsers")}</label>
          <input id="m-write-users" value={writeUsers} placeholder="1, 3" onInput={(e) => setWriteUsers(e.currentTarget.value)} />
          {sub("write_users_sub")}
        </div>
      </div>
      {text("hide", "metas.hide", "h_sub")}
      {text("header", "metas.header", "header_sub", 4)}
      {text("readme", "metas.readme", "r_sub", 5)}
      {err && <div class="alert err">{err}</div>}
    </FormModal>
  );
}

export function Metas() {
  const { rows, load, editing, setEditing, onSaved } = useAdminList<Meta>("/api/admin/meta/list");
  const del = async (m: Meta) => {
    const ask = { title: t("metas.delete"), message: t("metas.deleteConfirm", { path: m.path }) };
    if (await confirmAndPost(`/api/admin/meta/delete?id=${m.id}`, ask)) load();
  };
  const yes = (b: boolean) => (b ? <Icon name="check" size={16} /> : <span class="muted">—</span>);
  return (
    <AdminListPage
      title={t("manage.metas")}
      addText={t("metas.add")}
      onAdd={() => setEditing("new")}
      intro={<p class="muted">{t("metas.help")}</p>}
      rows={rows}
      emptyText={t("metas.none")}
      columns={[
        [t("metas.path")],
        [t("metas.password")],
        [t("metas.write"), "hide-sm"],
        [t("metas.hide"), "hide-sm"],
        [t("metas.readme"), "hide-sm"],
      ]}
      row={(m) => (
        <tr>
          <td>
            <code>{m.path}</code>
          </td>
          <td>{yes(!!m.password)}</td>
          <td class="hide-sm">{yes(m.write)}</td>
          <td class="hide-sm">{yes(!!m.hide)}</td>
          <td class="hide-sm">{yes(!!m.readme || !!m.header)}</td>
          <RowActions>
            <RowButton icon="edit" label={t("common.edit")} onClick={() => setEditing(m)} />
            <RowButton icon="trash" label={t("common.delete")} danger onClick={() => del(m)} />
          </RowActions>
        </tr>
      )}
    >
      {editing && (
        <MetaForm
          meta={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      )}
    </AdminListPage>
  );
}
