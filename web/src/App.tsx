import { useEffect } from "preact/hooks";
import { get, setToken, siteInfo } from "./lib/api";
import { Icon } from "./lib/icons";
import { href, linkClick, navigate } from "./lib/router";
import { isAdmin, isGuest, setTheme, update, useStore, type ThemePref } from "./lib/store";
import { DialogHost, Toasts } from "./lib/ui";
import { LANGS, getLang, setLang, t, type Lang } from "./i18n";
import { Login } from "./pages/Login";
import { Browser } from "./pages/Browser";
import { Manage } from "./pages/Manage";

export async function logout() {
  await get("/api/auth/logout", { quiet401: true });
  setToken("");
  update({ user: null, enrolNotice: null });
  navigate("/@login");
}

function ThemeButton() {
  const s = useStore();
  const order: ThemePref[] = ["auto", "light", "dark"];
  const next = order[(order.indexOf(s.theme) + 1) % 3];
  const label = t(`theme.${s.theme}` as "theme.auto");
  return (
    <button
      class="icon-btn"
      data-testid="theme-toggle"
      title={t("theme.toggle") + ": " + label}
      aria-label={t("theme.toggle") + ": " + label}
      onClick={() => setTheme(next)}
    >
      <Icon name={s.theme === "auto" ? "auto" : s.theme === "dark" ? "moon" : "sun"} />
    </button>
  );
}

export function LangSelect() {
  useStore();
  return (
    <label class="lang" title={t("lang.label")}>
      <Icon name="globe" />
      <select
        aria-label={t("lang.label")}
        data-testid="lang-select"
        value={getLang()}
        onChange={(e) => setLang(e.currentTarget.value as Lang)}
      >
        {LANGS.map((l) => (
          <option value={l.code}>{l.label}</option>
        ))}
      </select>
    </label>
  );
}

export function TopBar() {
  const s = useStore();
  const u = s.user;
  const title = s.settings.site_title || "OpenList";
  return (
    <header class="topbar">
      <a class="brand" href={href("/")} onClick={linkClick("/")}>
        {siteInfo.logo ? (
          <img class="logo-img" src={siteInfo.logo} alt="" />
        ) : (
          <span class="logo" aria-hidden="true">
            <Icon name="folder" size={18} />
          </span>
        )}
        <span class="brand-name">{title}</span>
      </a>
      <div class="spacer" />
      <LangSelect />
      <ThemeButton />
      {u && !isGuest(u) && (
        <a
          class="icon-btn"
          href={href("/@manage")}
          onClick={linkClick("/@manage")}
          title={isAdmin(u) ? t("nav.manage") : t("nav.profile")}
          aria-label={isAdmin(u) ? t("nav.manage") : t("nav.profile")}
          data-testid="nav-manage"
        >
          <Icon name={isAdmin(u) ? "settings" : "user"} />
        </a>
      )}
      {u && !isGuest(u) ? (
        <button class="icon-btn" onClick={logout} title={t("nav.logout")} aria-label={t("nav.logout")} data-testid="logout">
          <Icon name="logout" />
        </button>
      ) : (
        <a class="btn small" href={href("/@login")} onClick={linkClick("/@login")}>
          <Icon name="login" /> {t("login.submit")}
        </a>
      )}
    </header>
  );
}

export function App() {
  const s = useStore();
  useEffect(() => {
    document.title = s.settings.site_title || "OpenList";
  }, [s.settings.site_title]);
  const path = s.path;
  let page;
  if (path === "/@login" || path.startsWith("/@login/")) page = <Login />;
  else if (path === "/@manage" || path.startsWith("/@manage/")) page = <Manage />;
  else page = <Browser />;
  return (
    <>
      {page}
      <DialogHost />
      <Toasts />
    </>
  );
}
