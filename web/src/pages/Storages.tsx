import { useEffect, useState } from "preact/hooks";
import { get, post } from "../lib/api";
import { toast } from "../lib/store";
import { Spinner } from "../lib/ui";
import { t } from "../i18n";
import { AdminListPage, confirmAndPost, FormModal, RowActions, RowButton, useAdminList } from "./common";
import { FieldInput, fieldLabel, typed, type FieldDef } from "./fields";

interface Storage {
  id: number;
  mount_path: string;
  order: number;
  driver: string;
  status: string;
  remark: string;
  disabled: boolean;
  addition: string;
  [k: string]: any;
}
interface DriverInfo {
  common: FieldDef[];
  additional: FieldDef[];
  config: { name: string; alert?: string };
}

function StorageForm({ initial, onClose, onSaved }: { initial: Storage | null; onClose: () => void; onSaved: (id?: number) => void }) {
  const [driver, setDriver] = useState(initial?.driver || "");
  const [names, setNames] = useState<string[]>([]);
  const [info, setInfo] = useState<DriverInfo | null>(null);
  const [common, setCommon] = useState<Record<string, any>>({});
  const [addition, setAddition] = useState<Record<string, any>>({});
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!initial)
      get<string[]>("/api/admin/driver/names").then((r) => {
        const n = r.code === 200 ? r.data || [] : [];
        setNames(n);
        if (!driver && n.length) setDriver(n.includes("Local") ? "Local" : n[0]);
      });
  }, []);
  useEffect(() => {
    if (!driver) return;
    get<DriverInfo>(`/api/admin/driver/info?driver=${encodeURIComponent(driver)}`).then((r) => {
      if (r.code !== 200) return setErr(r.message);
      const d = r.data;
      setInfo(d);
      const c: Record<string, any> = {};
      for (const f of d.common) c[f.name] = initial && f.name in initial ? initial[f.name] : f.default ?? "";
      let add: Record<string, any> = {};
      try {
        add = initial ? JSON.parse(initial.addition || "{}") : {};
      } catch {
        add = {};
      }
      const a: Record<string, any> = {};
      for (const f of d.additional) a[f.name] = f.name in add ? add[f.name] : f.default ?? "";
      setCommon(c);
      setAddition(a);
    });
  }, [driver]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!info || busy) return;
    setErr("");
    const body: Record<string, any> = { ...(initial || {}), driver };
    for (const f of info.common) body[f.name] = typed(f, common[f.name]);
    const add: Record<string, any> = {};
    for (const f of info.additional) add[f.name] = typed(f, addition[f.name]);
    body.addition = JSON.stringify(add);
    if (!body.mount_path) return setErr(t("storages.mountRequired"));
    setBusy(true);
    const r = await post<{ id: number } | null>(initial ? "/api/admin/storage/update" : "/api/admin/storage/create", body);
    setBusy(false);
    if (r.code !== 200) {
      // Create saves the row before the driver starts: data.id comes back with the init error.
      setErr(r.message);
      if (!initial && r.data?.id) onSaved(r.data.id);
      return;
    }
    toast(t("common.saved"), "ok");
    onSaved();
  };

  return (
    <FormModal
      title={initial ? t("storages.edit", { path: initial.mount_path }) : t("storages.add")}
      testid="storage-form"
      onClose={onClose}
      onSubmit={save}
      saveDisabled={busy || !info}
    >
      <div class="field">
        <label for="f-driver">{t("storages.driver")}</label>
        <select id="f-driver" value={driver} disabled={!!initial} onChange={(e) => setDriver(e.currentTarget.value)}>
          {(initial ? [initial.driver] : names).map((n) => (
            <option value={n}>{n}</option>
          ))}
        </select>
      </div>
      {info?.config.alert && <div class="alert warn">{info.config.alert}</div>}
      {!info ? (
        <Spinner />
      ) : (
        <>
          <div class="form-grid">
            {info.common.map((f) => (
              <FieldInput def={f} label={fieldLabel("storages.common", f.name)} value={common[f.name]} onChange={(v) => setCommon({ ...common, [f.name]: v })} />
            ))}
          </div>
          <h3 class="subhead">{t("storages.driverFields", { driver })}</h3>
          <div class="form-grid">
            {info.additional.map((f) => (
              <FieldInput
                def={f}
                label={fieldLabel(`drivers.${driver}`, f.name)}
                value={addition[f.name]}
                onChange={(v) => setAddition({ ...addition, [f.name]: v })}
              />
            ))}
          </div>
        </>
      )}
      {err && (
        <div class="alert err" role="alert">
          {err}
        </div>
      )}
    </FormModal>
  );
}

export function Storages() {
  const { rows, load, editing, setEditing } = useAdminList<Storage>("/api/admin/storage/list");
  const act = async (s: Storage, what: "enable" | "disable" | "delete") => {
    const ask = what === "delete" ? { title: t("storages.delete"), message: t("storages.deleteConfirm", { path: s.mount_path }) } : null;
    if (await confirmAndPost(`/api/admin/storage/${what}?id=${s.id}`, ask, t("common.done"))) load();
  };
  return (
    <AdminListPage
      title={t("manage.storages")}
      addText={t("storages.add")}
      addTestid="add-storage"
      onAdd={() => setEditing("new")}
      rows={rows}
      emptyText={t("storages.none")}
      tableTestid="storages-table"
      columns={[
        [t("storages.mountPath")],
        [t("storages.driver")],
        [t("storages.order"), "hide-sm"],
        [t("users.status")],
        [t("storages.remark"), "hide-sm"],
      ]}
      row={(s) => (
        <tr>
          <td>
            <code>{s.mount_path}</code>
          </td>
          <td>{s.driver}</td>
          <td class="hide-sm">{s.order}</td>
          <td>
            <span class={"badge " + (s.disabled ? "off" : s.status === "work" ? "ok" : "err")} title={s.status}>
              {s.disabled ? t("storages.disabled") : s.status === "work" ? t("storages.working") : s.status}
            </span>
          </td>
          <td class="hide-sm muted">{s.remark}</td>
          <RowActions>
            <RowButton icon="edit" label={t("common.edit")} onClick={() => setEditing(s)} />
            <button class="btn small" onClick={() => act(s, s.disabled ? "enable" : "disable")}>
              {s.disabled ? t("storages.enable") : t("storages.disable")}
            </button>
            <RowButton icon="trash" label={t("common.delete")} danger onClick={() => act(s, "delete")} />
          </RowActions>
        </tr>
      )}
    >
      {editing && (
        <StorageForm
          initial={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async (id) => {
            await load();
            if (id) {
              const r = await get<Storage>(`/api/admin/storage/get?id=${id}`);
              setEditing(r.code === 200 ? r.data : null);
            } else setEditing(null);
          }}
        />
      )}
    </AdminListPage>
  );
}
