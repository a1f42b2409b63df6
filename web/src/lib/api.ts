// The HTTP client: OpenList's envelope {code, message, data}, always HTTP 200 for JSON errors,
// the raw token in `Authorization` (no "Bearer "), and the site sub-path from the server.

export interface Resp<T = any> {
  code: number;
  message: string;
  data: T;
}

interface BootConfig {
  cdn?: string;
  base_path?: string;
  api?: string;
  main_color?: string;
  site?: Record<string, string>;
}

declare global {
  interface Window {
    OPENLIST_CONFIG?: BootConfig;
  }
}

const boot: BootConfig = window.OPENLIST_CONFIG || {};
/** Site sub-path without trailing slash: "" at the root, "/files" under a sub-path. */
export const basePath = (boot.base_path || "/").replace(/\/+$/, "");
export const apiBase = (boot.api || location.origin + basePath).replace(/\/+$/, "");
export const siteInfo: Record<string, string> = boot.site || {};
export const mainColor = boot.main_color;

const TOKEN_KEY = "token";
export const getToken = () => localStorage.getItem(TOKEN_KEY) || "";
export const setToken = (t: string) => (t ? localStorage.setItem(TOKEN_KEY, t) : localStorage.removeItem(TOKEN_KEY));

let onUnauthorized: (r: Resp) => void = () => {};
export function setUnauthorizedHandler(fn: (r: Resp) => void) {
  onUnauthorized = fn;
}

export async function request<T = any>(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  opts: { quiet401?: boolean; token?: string } = {},
): Promise<Resp<T>> {
  let res: Response;
  try {
    res = await fetch(apiBase + path, {
      method,
      headers: {
        Authorization: opts.token ?? getToken(),
        "Content-Type": "application/json;charset=utf-8",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return { code: 0, message: String(e), data: null as T };
  }
  let out: Resp<T>;
  try {
    out = await res.json();
  } catch {
    out = { code: res.status || 500, message: res.statusText || "bad response", data: null as T };
  }
  if (out.code === 429 && !out.data) {
    // The wait, when the server tells it (Retry-After header); the login page shows it.
    const ra = parseInt(res.headers.get("Retry-After") || "", 10);
    if (ra > 0) out.data = { retry_after: ra } as T;
  }
  if (out.code === 401 && !opts.quiet401) onUnauthorized(out);
  return out;
}

export const get = <T = any>(path: string, opts?: { quiet401?: boolean; token?: string }) =>
  request<T>("GET", path, undefined, opts);
export const post = <T = any>(path: string, body?: unknown, opts?: { quiet401?: boolean }) =>
  request<T>("POST", path, body ?? {}, opts);

/** Percent-encode a path segment like a URL path segment: `$&+:=@` and `,` stay literal (§7.3). */
export const encodeSegment = (s: string) =>
  encodeURIComponent(s).replace(/%(24|26|2B|3A|3D|40|2C)/gi, (m) => decodeURIComponent(m));
/** Percent-encode each segment of a path (like OpenList's encodePath). */
export const encodePath = (p: string) => p.split("/").map(encodeSegment).join("/");

export function joinPath(...parts: string[]): string {
  const out = parts.join("/").replace(/\/+/g, "/");
  const trimmed = out.length > 1 ? out.replace(/\/$/, "") : out;
  return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
}

export const parentPath = (p: string) => {
  const i = p.replace(/\/$/, "").lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
};
export const baseName = (p: string) => p.replace(/\/$/, "").split("/").pop() || "";

export interface UploadHandle {
  abort(): void;
  done: Promise<Resp>;
}

/** PUT /api/fs/put with XMLHttpRequest, so upload progress is observable (fetch has no upload events). */
export function uploadFile(
  path: string,
  file: Blob & { lastModified?: number },
  overwrite: boolean,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Resp>((resolve) => {
    xhr.open("PUT", apiBase + "/api/fs/put");
    xhr.setRequestHeader("Authorization", getToken());
    xhr.setRequestHeader("File-Path", encodeURIComponent(path));
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("Last-Modified", String(file.lastModified || Date.now()));
    if (!overwrite) xhr.setRequestHeader("Overwrite", "false");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText));
      } catch {
        resolve({ code: xhr.status || 500, message: xhr.statusText || "upload failed", data: null });
      }
    };
    xhr.onerror = () => resolve({ code: 0, message: "network error", data: null });
    xhr.onabort = () => resolve({ code: -1, message: "aborted", data: null });
    xhr.send(file);
  });
  return { abort: () => xhr.abort(), done };
}
