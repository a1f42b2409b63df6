// Pieces the manage pages share: the admin list page (users, storages, metas), its table (audit too),
// the form modal, confirm → post → toast, and the TOTP code field (login, profile).
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../lib/api";
import { Icon, type IconName } from "../lib/icons";
import { toast } from "../lib/store";
import { confirmDialog, Empty, Modal, Spinner } from "../lib/ui";
import { t } from "../i18n";

/** An admin list: `rows` (null while loading) from `url`'s `content`, `load()` to refetch (a toast on
 *  error), the row being edited (`"new"` for the add form), and `onSaved` to close the form and reload. */
export function useAdminList<T>(url: string) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [editing, setEditing] = useState<T | null | "new">(null);
  const load = async () => {
    const r = await get<{ content: T[] }>(url);
    if (r.code !== 200) return toast(r.message, "err");
    setRows(r.data.content || []);
  };
  useEffect(() => {
    load();
  }, []);
  const onSaved = () => {
    setEditing(null);
    load();
  };
  return { rows, load, editing, setEditing, onSaved };
}

/** Confirm (a danger dialog, "Delete" unless `okText` says otherwise) when asked, post `url`,
 *  toast the error or `done`. True when the post succeeded. */
export async function confirmAndPost(url: string, confirm?: { title: string; message: string; okText?: string } | null, done?: string) {
  if (confirm && !(await confirmDialog({ okText: t("common.delete"), danger: true, ...confirm }))) return false;
  const r = await post(url);
  if (r.code !== 200) {
    toast(r.message, "err");
    return false;
  }
  if (done) toast(done, "ok");
  return true;
}

/** A table column: its heading and, optionally, the class of its `<th>` ("hide-sm"). */
export type Column = [label: string, cls?: string];

/** The card with a table of `rows`: a spinner while they load (null), `emptyText` when there are none. */
export function TableCard<T>(p: { rows: T[] | null; emptyText: string; testid?: string; columns: Column[]; row: (r: T) => ComponentChildren }) {
  return (
    <div class="card table-wrap">
      {p.rows === null ? (
        <Spinner />
      ) : p.rows.length === 0 ? (
        <Empty text={p.emptyText} />
      ) : (
        <table class="table" data-testid={p.testid}>
          <thead>
            <tr>
              {p.columns.map(([label, cls]) => (
                <th class={cls}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>{p.rows.map(p.row)}</tbody>
        </table>
      )}
    </div>
  );
}

/** An admin list page: title with an "add" button, an optional intro, the table (an actions column
 *  last), and `children` (the edit form) below. */
export function AdminListPage<T>(p: {
  title: string;
  addText: string;
  addTestid?: string;
  onAdd: () => void;
  intro?: ComponentChildren;
  rows: T[] | null;
  emptyText: string;
  tableTestid?: string;
  columns: Column[];
  row: (r: T) => ComponentChildren;
  children?: ComponentChildren;
}) {
  return (
    <div class="stack">
      <div class="row">
        <h1 class="page-title">{p.title}</h1>
        <div class="spacer" />
        <button class="btn primary" onClick={p.onAdd} data-testid={p.addTestid}>
          <Icon name="plus" /> {p.addText}
        </button>
      </div>
      {p.intro}
      <TableCard rows={p.rows} emptyText={p.emptyText} testid={p.tableTestid} columns={[...p.columns, [t("browser.actions"), "actions"]]} row={p.row} />
      {p.children}
    </div>
  );
}

/** The last cell of an admin table row. */
export function RowActions({ children }: { children: ComponentChildren }) {
  return (
    <td class="actions">
      <div class="row-actions always">{children}</div>
    </td>
  );
}

/** A small row button with an icon and a label that narrow screens hide. */
export function RowButton(p: { icon: IconName; label: string; onClick: () => void; danger?: boolean; testid?: string; disabled?: boolean; title?: string }) {
  return (
    <button class={"btn small" + (p.danger ? " danger" : "")} disabled={p.disabled} title={p.title} onClick={p.onClick} data-testid={p.testid}>
      <Icon name={p.icon} size={14} /> <span class="label">{p.label}</span>
    </button>
  );
}

/** A wide modal holding a form, with Cancel / Save at its foot. */
export function FormModal(p: {
  title: string;
  testid: string;
  onClose: () => void;
  onSubmit: (e: Event) => void;
  saveDisabled?: boolean;
  children: ComponentChildren;
}) {
  return (
    <Modal title={p.title} onClose={p.onClose} wide testid={p.testid}>
      <form onSubmit={p.onSubmit}>
        {p.children}
        <div class="modal-foot inline">
          <button type="button" class="btn" onClick={p.onClose}>
            {t("common.cancel")}
          </button>
          <button class="btn primary" disabled={p.saveDisabled}>
            {t("common.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The 6-digit TOTP code field (spaces allowed). */
export function OtpInput(p: { value: string; onInput: (v: string) => void; testid?: string }) {
  return (
    <input
      name="otp_code"
      class="otp-input"
      autocomplete="one-time-code"
      inputmode="numeric"
      pattern="[0-9 ]*"
      maxLength={9}
      placeholder="123 456"
      autofocus
      value={p.value}
      onInput={(e) => p.onInput(e.currentTarget.value)}
      data-testid={p.testid}
    />
  );
}
