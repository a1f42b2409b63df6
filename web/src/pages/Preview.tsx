import { useEffect, useMemo, useState } from "preact/hooks";
import { Icon } from "../lib/icons";
import { renderMarkdown } from "../lib/markdown";
import { navigate } from "../lib/router";
import { toast } from "../lib/store";
import { copyText, Spinner } from "../lib/ui";
import { parentPath } from "../lib/api";
import { formatSize, formatTime, t } from "../i18n";
import { downloadUrl, kindOf, type Obj } from "./fsutil";

const TEXT_LIMIT = 2 * 1024 * 1024;

/** Fetch the file through its link; PDFs become a blob URL so Content-Disposition: attachment
 *  on /p and /d does not turn the preview into a download. */
function useFetched(url: string, mode: "text" | "blob" | null, size: number) {
  const [state, setState] = useState<{ text?: string; blob?: string; error?: string }>({});
  useEffect(() => {
    if (!mode) return;
    if (mode === "text" && size > TEXT_LIMIT) return setState({ error: t("preview.tooLarge") });
    let url2 = "";
    let alive = true;
    setState({});
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(r.status + " " + r.statusText);
        if (mode === "text") {
          const txt = await r.text();
          if (alive) setState({ text: txt });
        } else {
          const b = await r.blob();
          url2 = URL.createObjectURL(new Blob([b], { type: "application/pdf" }));
          if (alive) setState({ blob: url2 });
        }
      })
      .catch((e) => alive && setState({ error: String(e.message || e) }));
    return () => {
      alive = false;
      if (url2) URL.revokeObjectURL(url2);
    };
  }, [url, mode]);
  return state;
}

export function Preview({ path, obj }: { path: string; obj: Obj }) {
  const kind = kindOf(obj);
  // raw_url is the server's own link for the file (the /p proxy for Local storages).
  const raw = obj.raw_url || downloadUrl(path, obj.sign, true);
  const dl = downloadUrl(path, obj.sign);
  const mode = kind === "text" || kind === "markdown" ? "text" : kind === "pdf" ? "blob" : null;
  const f = useFetched(raw, mode, obj.size);
  const md = useMemo(() => (kind === "markdown" && f.text !== undefined ? renderMarkdown(f.text) : ""), [f.text, kind]);

  let body;
  if (f.error) body = <div class="alert err">{f.error}</div>;
  else if (kind === "image") body = <img class="preview-img" src={raw} alt={obj.name} />;
  else if (kind === "video") body = <video class="preview-media" src={raw} controls preload="metadata" />;
  else if (kind === "audio") body = <audio class="preview-audio" src={raw} controls preload="metadata" />;
  else if (kind === "markdown") body = f.text === undefined ? <Spinner /> : <div class="markdown" dangerouslySetInnerHTML={{ __html: md }} />;
  else if (kind === "text") body = f.text === undefined ? <Spinner /> : <pre class="preview-text">{f.text}</pre>;
  else if (kind === "pdf") body = f.blob ? <iframe class="preview-pdf" src={f.blob} title={obj.name} /> : <Spinner />;
  else
    body = (
      <div class="empty">
        <Icon name="file" size={48} />
        <p>{t("preview.none")}</p>
      </div>
    );

  return (
    <div class="card preview" data-testid="preview">
      <div class="preview-head">
        <button class="icon-btn" onClick={() => navigate(parentPath(path))} title={t("common.back")} aria-label={t("common.back")}>
          <Icon name="up" />
        </button>
        <div class="preview-title">
          <h2>{obj.name}</h2>
          <span class="muted small">
            {formatSize(obj.size)} · {formatTime(obj.modified)}
          </span>
        </div>
        <div class="spacer" />
        <a class="btn primary" href={dl} download={obj.name}>
          <Icon name="download" /> <span class="label">{t("browser.download")}</span>
        </a>
        <button
          class="btn"
          onClick={async () => toast((await copyText(dl)) ? t("browser.linkCopied") : t("browser.copyFailed"), "ok")}
        >
          <Icon name="link" /> <span class="label">{t("browser.copyLink")}</span>
        </button>
      </div>
      <div class={"preview-body " + kind}>{body}</div>
    </div>
  );
}
