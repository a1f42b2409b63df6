import { useEffect } from "preact/hooks";
import type { Resp } from "../lib/api";
import { Icon, type IconName } from "../lib/icons";
import { href, linkClick, navigate } from "../lib/router";
import { isAdmin, isGuest, useStore } from "../lib/store";
import { promptDialog } from "../lib/ui";
import { t, type Key } from "../i18n";
import { TopBar } from "../App";
import { Profile } from "./Profile";
import { Users } from "./Users";
import { Storages } from "./Storages";
import { Metas } from "./Metas";
import { Settings } from "./Settings";
import { Audit } from "./Audit";

/** Retry a call once with the password when the server asks for re-authentication
 *  (docs/api-extensions.md: 403 `re-authentication required`). */
export async function withReauth<T>(call: (extra: { password?: string }) => Promise<Resp<T>>): Promise<Resp<T>> {
  const r = await call({});
  if (r.code === 403 && /re-authentication required/i.test(r.message)) {
    const pw = await promptDialog({
      title: t("reauth.title"),
      message: t("reauth.help"),
      label: t("login.password"),
      inputType: "password",
      autocomplete: "current-password",
      okText: t("reauth.confirm"),
    });
    if (pw === null) return { code: -1, message: "", data: null as T };
    return call({ password: pw });
  }
  return r;
}

const PAGES: { id: string; icon: IconName; label: Key; admin: boolean }[] = [
  { id: "profile", icon: "user", label: "manage.profile", admin: false },
  { id: "users", icon: "users", label: "manage.users", admin: true },
  { id: "storages", icon: "storage", label: "manage.storages", admin: true },
  { id: "metas", icon: "meta", label: "manage.metas", admin: true },
  { id: "settings", icon: "settings", label: "manage.settings", admin: true },
  { id: "audit", icon: "audit", label: "manage.audit", admin: true },
];

export function Manage() {
  const s = useStore();
  const u = s.user;
  const sub = s.path.split("/")[2] || "profile";
  useEffect(() => {
    if (!u || isGuest(u)) navigate("/@login?redirect=" + encodeURIComponent(s.path), true);
  }, [u]);
  if (!u || isGuest(u)) return null;
  const pages = PAGES.filter((p) => !p.admin || isAdmin(u));
  const page = pages.find((p) => p.id === sub) ? sub : "profile";
  return (
    <div class="page">
      <TopBar />
      <div class="manage">
        <nav class="sidenav" aria-label={t("nav.manage")}>
          {pages.map((p) => (
            <a
              href={href("/@manage/" + p.id)}
              onClick={linkClick("/@manage/" + p.id)}
              class={page === p.id ? "active" : ""}
              aria-current={page === p.id ? "page" : undefined}
              data-testid={"nav-" + p.id}
            >
              <Icon name={p.icon} />
              <span>{t(p.label)}</span>
            </a>
          ))}
          <a href={href("/")} onClick={linkClick("/")} class="back">
            <Icon name="home" />
            <span>{t("manage.backToFiles")}</span>
          </a>
          {s.settings.version && <small class="version muted">{s.settings.version}</small>}
        </nav>
        <main class="manage-main">
          {page === "profile" && <Profile />}
          {page === "users" && <Users />}
          {page === "storages" && <Storages />}
          {page === "metas" && <Metas />}
          {page === "settings" && <Settings />}
          {page === "audit" && <Audit />}
        </main>
      </div>
    </div>
  );
}
