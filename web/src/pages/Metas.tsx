import { useEffect, useState } from "preact/hooks";
import { get, post } from "../lib/api";
import { Icon } from "../lib/icons";
import { toast } from "../lib/store";
import { confirmDialog, Empty, Modal, Spinner } from "../lib/ui";
import { t, type Key } from "../i18n";

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
    <Modal title={meta ? t("metas.edit", { path: meta.path }) : t("metas.add")} onClose={onClose} wide testid="meta-form">
      <form onSubmit={save}>
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

export function Metas() {
  const [rows, setRows] = useState<Meta[] | null>(null);
  const [editing, setEditing] = useState<Meta | null | "new">(null);
  const load = async () => {
    const r = await get<{ content: Meta[] }>("/api/admin/meta/list");
    if (r.code !== 200) return toast(r.message, "err");
    setRows(r.data.content || []);
  };
  useEffect(() => {
    load();
  }, []);
  const del = async (m: Meta) => {
    if (!(await confirmDialog({ title: t("metas.delete"), message: t("metas.deleteConfirm", { path: m.path }), okText: t("common.delete"), danger: true }))) return;
    const r = await post(`/api/admin/meta/delete?id=${m.id}`);
    if (r.code !== 200) return toast(r.message, "err");
    load();
  };
  const yes = (b: boolean) => (b ? <Icon name="check" size={16} /> : <span class="muted">—</span>);
  return (
    <div class="stack">
      <div class="row">
        <h1 class="page-title">{t("manage.metas")}</h1>
        <div class="spacer" />
        <button class="btn primary" onClick={() => setEditing("new")}>
          <Icon name="plus" /> {t("metas.add")}
        </button>
      </div>
      <p class="muted">{t("metas.help")}</p>
      <div class="card table-wrap">
        {rows === null ? (
          <Spinner />
        ) : rows.length === 0 ? (
          <Empty text={t("metas.none")} />
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>{t("metas.path")}</th>
                <th>{t("metas.password")}</th>
                <th class="hide-sm">{t("metas.write")}</th>
                <th class="hide-sm">{t("metas.hide")}</th>
                <th class="hide-sm">{t("metas.readme")}</th>
                <th class="actions">{t("browser.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr>
                  <td>
                    <code>{m.path}</code>
                  </td>
                  <td>{yes(!!m.password)}</td>
                  <td class="hide-sm">{yes(m.write)}</td>
                  <td class="hide-sm">{yes(!!m.hide)}</td>
                  <td class="hide-sm">{yes(!!m.readme || !!m.header)}</td>
                  <td class="actions">
                    <div class="row-actions always">
                      <button class="btn small" onClick={() => setEditing(m)}>
                        <Icon name="edit" size={14} /> <span class="label">{t("common.edit")}</span>
                      </button>
                      <button class="btn small danger" onClick={() => del(m)}>
                        <Icon name="trash" size={14} /> <span class="label">{t("common.delete")}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && (
        <MetaForm
          meta={editing === "new" ? null : editing}
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
