// A tiny global store: plain object + subscribe. Components call useStore() to re-render on change.
import { useEffect, useReducer } from "preact/hooks";

export interface User {
  id: number;
  username: string;
  base_path: string;
  role: number;
  disabled: boolean;
  permission: number;
  sso_id: string;
  otp: boolean;
  recovery_codes_remaining?: number;
  two_factor_required?: boolean;
}

export interface Toast {
  id: number;
  kind: "ok" | "err" | "info";
  text: string;
}

export type ThemePref = "auto" | "light" | "dark";

export const store = {
  user: null as User | null,
  settings: {} as Record<string, string>,
  path: "/", // client route, without the site sub-path
  search: "",
  toasts: [] as Toast[],
  theme: (localStorage.getItem("theme") as ThemePref) || "auto",
  enrolNotice: null as null | { grace: number | null },
};

const listeners = new Set<() => void>();
export function update(patch: Partial<typeof store>) {
  Object.assign(store, patch);
  listeners.forEach((f) => f());
}
export function subscribe(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export function useStore() {
  const [, force] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    const off = subscribe(() => force(0));
    return () => {
      off();
    };
  }, []);
  return store;
}

let toastId = 0;
export function toast(text: string, kind: Toast["kind"] = "info") {
  const t = { id: ++toastId, kind, text };
  update({ toasts: [...store.toasts, t] });
  setTimeout(() => update({ toasts: store.toasts.filter((x) => x !== t) }), kind === "err" ? 6000 : 3500);
}

// Permission bits, openlist-api.md §4.2 (OpenList: internal/model/user.go).
export const PERMS = [
  "see_hides",
  "access_without_password",
  "offline_download",
  "write_content",
  "rename",
  "move",
  "copy",
  "delete",
  "webdav_read",
  "webdav_manage",
  "ftp_read",
  "ftp_manage",
  "read_archives",
  "decompress",
  "share",
  "customize_share_id",
] as const;
export type Perm = (typeof PERMS)[number];
export const can = (u: User | null, p: Perm) => !!u && ((u.permission >> PERMS.indexOf(p)) & 1) === 1;
export const isAdmin = (u: User | null) => !!u && u.role === 2;
export const isGuest = (u: User | null) => !!u && u.role === 1;

export function applyTheme() {
  const pref = store.theme;
  const dark = pref === "dark" || (pref === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}
export function setTheme(t: ThemePref) {
  localStorage.setItem("theme", t);
  update({ theme: t });
  applyTheme();
}
