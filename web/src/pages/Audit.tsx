import { useEffect, useState } from "preact/hooks";
import { get } from "../lib/api";
import { Icon } from "../lib/icons";
import { toast } from "../lib/store";
import { formatTime, t, tOpt } from "../i18n";
import { TableCard } from "./common";

interface Event {
  id: number;
  time: string;
  event: string;
  user_id: number | null;
  username: string;
  ip: string;
  source: string;
  actor: string;
  detail: string;
}

// docs/api-extensions.md — the audit event names.
const EVENTS = [
  "login_failed", "login_throttled", "2fa_enabled", "2fa_cancelled", "2fa_failed", "2fa_replay", "2fa_throttled",
  "recovery_code_used", "recovery_codes_regenerated", "app_password_created", "app_password_revoked",
  "app_password_used", "password_changed",
];
const PER_PAGE = 50;

export function Audit() {
  const [page, setPage] = useState(1);
  const [event, setEvent] = useState("");
  const [username, setUsername] = useState("");
  const [applied, setApplied] = useState({ event: "", username: "" });
  const [data, setData] = useState<{ content: Event[]; total: number } | null>(null);
  useEffect(() => {
    const q = new URLSearchParams({ page: String(page), per_page: String(PER_PAGE), event: applied.event, username: applied.username });
    setData(null);
    get<{ content: Event[]; total: number }>("/api/admin/audit?" + q).then((r) => {
      if (r.code !== 200) {
        toast(r.message, "err");
        return setData({ content: [], total: 0 });
      }
      setData({ content: r.data.content || [], total: r.data.total || 0 });
    });
  }, [page, applied]);
  const pages = data ? Math.max(1, Math.ceil(data.total / PER_PAGE)) : 1;
  const label = (e: string) => tOpt(`audit.event.${e}`) || e;
  return (
    <div class="stack">
      <h1 class="page-title">{t("manage.audit")}</h1>
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setApplied({ event, username: username.trim() });
        }}
      >
        <div class="field">
          <label for="a-event">{t("audit.event")}</label>
          <select id="a-event" value={event} onChange={(e) => setEvent(e.currentTarget.value)}>
            <option value="">{t("audit.allEvents")}</option>
            {EVENTS.map((e) => (
              <option value={e}>{label(e)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="a-user">{t("login.username")}</label>
          <input id="a-user" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <button class="btn primary">
          <Icon name="search" /> {t("audit.filter")}
        </button>
      </form>
      <TableCard
        rows={data && data.content}
        emptyText={t("audit.none")}
        testid="audit-table"
        columns={[
          [t("audit.time")],
          [t("audit.event")],
          [t("login.username")],
          [t("audit.ip"), "hide-sm"],
          [t("audit.source"), "hide-sm"],
          [t("audit.actor"), "hide-sm"],
          [t("audit.detail")],
        ]}
        row={(e) => (
          <tr>
            <td class="nowrap">{formatTime(e.time)}</td>
            <td>
              <span class={"badge " + (/failed|throttled|replay/.test(e.event) ? "err" : "off")}>{label(e.event)}</span>
            </td>
            <td>{e.username || "—"}</td>
            <td class="hide-sm">
              <code>{e.ip}</code>
            </td>
            <td class="hide-sm">{e.source}</td>
            <td class="hide-sm">{e.actor}</td>
            <td class="muted small">{e.detail}</td>
          </tr>
        )}
      />
      <div class="pager">
        <button class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t("audit.prev")}
        </button>
        <span class="muted">{t("audit.page", { page, pages, total: data?.total ?? 0 })}</span>
        <button class="btn small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          {t("audit.next")}
        </button>
      </div>
    </div>
  );
}
