import { render } from "preact";
import "./style.css";
import { get, getToken, mainColor, setToken, setUnauthorizedHandler, siteInfo } from "./lib/api";
import { applyTheme, store, update, type User } from "./lib/store";
import { navigate, syncRoute } from "./lib/router";
import { App } from "./App";

// OpenList's UI boot order (openlist-api.md §11.3): public settings, then /api/me.
export async function loadMe(): Promise<User | null> {
  const r = await get<User>("/api/me", { quiet401: true });
  if (r.code === 200) {
    update({ user: r.data });
    return r.data;
  }
  update({ user: null });
  return null;
}

async function boot() {
  applyTheme();
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
  if (mainColor) document.documentElement.style.setProperty("--accent", mainColor);
  if (siteInfo.favicon) {
    const link = document.querySelector<HTMLLinkElement>("link[rel=icon]");
    if (link) {
      link.removeAttribute("type");
      link.href = siteInfo.favicon;
    }
  }
  syncRoute();
  setUnauthorizedHandler(() => {
    // Token expired or revoked mid-session: drop it and ask for a login.
    if (getToken()) setToken("");
    update({ user: null });
    if (!store.path.startsWith("/@login")) navigate("/@login?redirect=" + encodeURIComponent(store.path), true);
  });
  const s = await get<Record<string, string>>("/api/public/settings");
  update({ settings: s.code === 200 && s.data ? s.data : { site_title: siteInfo.site_title || "OpenList" } });
  const sent = getToken();
  let me = await loadMe();
  if (!me && sent && getToken() === sent) {
    // A stale token (expired, revoked, password changed): forget it and try as the guest.
    setToken("");
    me = await loadMe();
  }
  if (!me && !store.path.startsWith("/@login")) {
    navigate("/@login?redirect=" + encodeURIComponent(store.path), true);
  }
  render(<App />, document.getElementById("app")!);
}

boot();
