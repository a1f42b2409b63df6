// Upload queue: XMLHttpRequest PUT /api/fs/put per file (two at a time), a progress bar per file
// and one for the whole batch. Kept at module level so navigation does not lose it.
import { joinPath, uploadFile, type UploadHandle } from "../lib/api";
import { Icon } from "../lib/icons";
import { update, useStore } from "../lib/store";
import { Progress } from "../lib/ui";
import { formatSize, t } from "../i18n";

export interface UploadItem {
  id: number;
  name: string; // relative path inside the drop (folder uploads keep their structure)
  dest: string; // full destination path
  size: number;
  loaded: number;
  state: "queued" | "uploading" | "done" | "error" | "aborted";
  error?: string;
  file: File;
  handle?: UploadHandle;
}

let items: UploadItem[] = [];
let nextId = 0;
let running = 0;
let onBatchDone: (() => void) | null = null;
let overwrite = false;
const CONCURRENCY = 2;

export const uploadState = () => items;
export function setOverwrite(v: boolean) {
  overwrite = v;
  update({});
}
export const getOverwrite = () => overwrite;

export function enqueue(dir: string, files: { file: File; rel: string }[], done: () => void) {
  onBatchDone = done;
  for (const { file, rel } of files) {
    items.push({ id: ++nextId, name: rel, dest: joinPath(dir, rel), size: file.size, loaded: 0, state: "queued", file });
  }
  update({});
  pump();
}

function pump() {
  while (running < CONCURRENCY) {
    const it = items.find((x) => x.state === "queued");
    if (!it) break;
    running++;
    it.state = "uploading";
    it.handle = uploadFile(it.dest, it.file, overwrite, (loaded) => {
      it.loaded = Math.min(loaded, it.size);
      update({});
    });
    it.handle.done.then((r) => {
      running--;
      if (r.code === 200) {
        it.state = "done";
        it.loaded = it.size;
      } else if (r.code === -1) {
        it.state = "aborted";
      } else {
        it.state = "error";
        it.error = r.message;
      }
      update({});
      if (!items.some((x) => x.state === "queued" || x.state === "uploading")) onBatchDone?.();
      pump();
    });
  }
}

export function clearFinished() {
  items = items.filter((x) => x.state === "queued" || x.state === "uploading");
  update({});
}

export function cancelAll() {
  for (const it of items) {
    if (it.state === "queued") it.state = "aborted";
    else if (it.state === "uploading") it.handle?.abort();
  }
  update({});
}

/** Collect files from a drop, walking dropped folders (webkitGetAsEntry) so structure is kept. */
export async function filesFromDrop(dt: DataTransfer): Promise<{ file: File; rel: string }[]> {
  const out: { file: File; rel: string }[] = [];
  const entries = Array.from(dt.items || [])
    .map((i) => (i.kind === "file" && (i as any).webkitGetAsEntry ? (i as any).webkitGetAsEntry() : null))
    .filter(Boolean);
  if (!entries.length) {
    for (const f of Array.from(dt.files)) out.push({ file: f, rel: f.name });
    return out;
  }
  const walk = async (entry: any, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const f: File = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ file: f, rel: prefix + f.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch: any[] = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, prefix + entry.name + "/");
      }
    }
  };
  for (const e of entries) await walk(e, "");
  return out;
}

export function UploadPanel() {
  useStore();
  if (!items.length) return null;
  const total = items.reduce((a, x) => a + (x.state === "aborted" ? 0 : x.size), 0);
  const loaded = items.reduce((a, x) => a + (x.state === "aborted" ? 0 : x.loaded), 0);
  const active = items.some((x) => x.state === "queued" || x.state === "uploading");
  const doneCount = items.filter((x) => x.state === "done").length;
  const pct = total ? (loaded / total) * 100 : active ? 0 : 100;
  return (
    <section class="upload-panel card" aria-label={t("upload.title")} data-testid="upload-panel">
      <div class="upload-head">
        <strong>{active ? t("upload.uploading") : t("upload.finished")}</strong>
        <span class="muted">
          {t("upload.count", { done: doneCount, total: items.length })} · {Math.floor(pct)}%
        </span>
        <div class="spacer" />
        {active ? (
          <button class="btn small" onClick={cancelAll}>
            {t("upload.cancelAll")}
          </button>
        ) : (
          <button class="icon-btn" onClick={clearFinished} aria-label={t("common.close")} title={t("common.close")}>
            <Icon name="close" />
          </button>
        )}
      </div>
      <div data-testid="upload-overall">
        <Progress value={pct} label={t("upload.overall")} />
      </div>
      <ul class="upload-list">
        {items.map((it) => {
          const p = it.size ? (it.loaded / it.size) * 100 : it.state === "done" ? 100 : 0;
          return (
            <li key={it.id} class={"upload-item " + it.state} data-testid="upload-item">
              <div class="upload-row">
                <span class="name" title={it.dest}>
                  {it.name}
                </span>
                <span class="muted small">
                  {it.state === "error"
                    ? it.error
                    : it.state === "aborted"
                      ? t("upload.aborted")
                      : it.state === "done"
                        ? t("upload.done")
                        : `${formatSize(it.loaded)} / ${formatSize(it.size)}`}
                </span>
                <span class="pct">{Math.floor(p)}%</span>
              </div>
              <Progress value={p} label={it.name} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
