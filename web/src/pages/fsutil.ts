import { apiBase, encodePath, joinPath, post, type Resp } from "../lib/api";
import { store } from "../lib/store";

export interface Obj {
  name: string;
  size: number;
  is_dir: boolean;
  modified: string;
  created?: string;
  sign: string;
  thumb: string;
  type: number;
  raw_url?: string;
  readme?: string;
  header?: string;
  provider?: string;
}

export interface ListData {
  content: Obj[] | null;
  total: number;
  readme: string;
  header: string;
  write: boolean;
  write_content_bypass: boolean;
}

// Folder passwords typed by the user this session, by folder path. A meta password usually
// covers sub-folders too (p_sub), so the nearest known ancestor's password is sent.
const passwords = new Map<string, string>();
export function passwordFor(path: string): string {
  for (let p = path; ; ) {
    const pw = passwords.get(p);
    if (pw !== undefined) return pw;
    if (p === "/") return "";
    const i = p.lastIndexOf("/");
    p = i <= 0 ? "/" : p.slice(0, i);
  }
}
export const rememberPassword = (path: string, pw: string) => passwords.set(path, pw);

export const fsGet = (path: string) => post<Obj>("/api/fs/get", { path, password: passwordFor(path) });
export const fsList = (path: string, refresh = false) =>
  post<ListData>("/api/fs/list", { path, password: passwordFor(path), page: 1, per_page: 0, refresh });

/** Absolute (server-side) path of a user path: /d and /p links are absolute (§4.4). */
export const absPath = (p: string) => joinPath(store.user?.base_path || "/", p);

export function downloadUrl(path: string, sign: string, proxy = false): string {
  return `${apiBase}/${proxy ? "p" : "d"}${encodePath(absPath(path))}${sign ? "?sign=" + sign : ""}`;
}

const ext = (name: string) => {
  const i = name.lastIndexOf(".");
  return i > 0 ? name.slice(i + 1).toLowerCase() : "";
};

export type Kind = "folder" | "image" | "video" | "audio" | "markdown" | "pdf" | "text" | "file";
export function kindOf(o: Pick<Obj, "name" | "is_dir" | "type">): Kind {
  if (o.is_dir) return "folder";
  const e = ext(o.name);
  if (e === "md" || e === "markdown") return "markdown";
  if (e === "pdf") return "pdf";
  switch (o.type) {
    case 2:
      return "video";
    case 3:
      return "audio";
    case 4:
      return "text";
    case 5:
      return "image";
  }
  if (["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif", "ico"].includes(e)) return "image";
  if (["mp4", "webm", "mkv", "mov", "m4v", "ogv"].includes(e)) return "video";
  if (["mp3", "flac", "ogg", "m4a", "wav", "opus", "aac"].includes(e)) return "audio";
  if (["txt", "log", "json", "js", "ts", "py", "go", "rs", "c", "h", "cpp", "css", "html", "xml", "yml", "yaml", "toml", "ini", "sh", "conf", "csv", "srt", "vtt"].includes(e)) return "text";
  return "file";
}

export const is403Password = (r: Resp) => r.code === 403 && /password is incorrect|no permission/i.test(r.message);
