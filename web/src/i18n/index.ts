import en from "./en";
import zhCN from "./zh-CN";
import { update } from "../lib/store";

export type Dict = typeof en;
export type Key = keyof Dict;
export type Lang = "en" | "zh-CN";

const dicts: Record<Lang, Dict> = { en, "zh-CN": zhCN };
export const LANGS: { code: Lang; label: string }[] = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "简体中文" },
];

function initial(): Lang {
  const saved = localStorage.getItem("lang");
  if (saved === "en" || saved === "zh-CN") return saved;
  return (navigator.languages || [navigator.language]).some((l) => /^zh/i.test(l)) ? "zh-CN" : "en";
}

let lang: Lang = initial();
document.documentElement.lang = lang;

export const getLang = () => lang;
export function setLang(l: Lang) {
  lang = l;
  localStorage.setItem("lang", l);
  document.documentElement.lang = l;
  update({});
}

/** Translate; `{name}` placeholders are filled from params. */
export function t(key: Key, params?: Record<string, string | number>): string {
  let s: string = dicts[lang][key] ?? en[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** Look up a key that is built at run time (e.g. a permission or group name); undefined if absent. */
export function tOpt(key: string, params?: Record<string, string | number>): string | undefined {
  return key in en ? t(key as Key, params) : undefined;
}

export function formatSize(n: number): string {
  if (!n) return "0 B";
  const u = ["B", "KB", "MB", "GB", "TB", "PB"];
  const i = Math.min(u.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  return (n / 1024 ** i).toFixed(i ? 1 : 0) + " " + u[i];
}

export function formatTime(s: string | null | undefined): string {
  if (!s || s.startsWith("0001-")) return "—";
  const d = new Date(s);
  if (isNaN(d.getTime())) return s;
  return d.toLocaleString(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}
