import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { baseName, joinPath, parentPath, post } from "../lib/api";
import { Icon, type IconName } from "../lib/icons";
import { renderMarkdown } from "../lib/markdown";
import { href, linkClick, navigate } from "../lib/router";
import { can, isGuest, toast, update, useStore } from "../lib/store";
import { confirmDialog, copyText, Empty, promptDialog, Spinner } from "../lib/ui";
import { formatSize, formatTime, t } from "../i18n";
import { TopBar } from "../App";
import { downloadUrl, fsGet, fsList, is403Password, kindOf, rememberPassword, type ListData, type Obj } from "./fsutil";
import { Preview } from "./Preview";
import { FolderPicker } from "./FolderPicker";
import { enqueue, filesFromDrop, getOverwrite, setOverwrite, UploadPanel } from "./upload";

type SortKey = "name" | "size" | "modified";
const KIND_ICON: Record<string, IconName> = {
  folder: "folder",
  image: "image",
  video: "video",
  audio: "audio",
  text: "text",
  markdown: "text",
  pdf: "pdf",
  file: "file",
};

function Breadcrumb({ path }: { path: string }) {
  const parts = path.split("/").filter(Boolean);
  return (
    <nav class="breadcrumb" aria-label={t("browser.breadcrumb")} data-testid="breadcrumb">
      <a href={href("/")} onClick={linkClick("/")} title={t("browser.home")}>
        <Icon name="home" size={16} />
        <span class="sr-only">{t("browser.home")}</span>
      </a>
      {parts.map((p, i) => {
        const to = "/" + parts.slice(0, i + 1).join("/");
        return (
          <>
            <Icon name="chevron" size={14} class="sep" />
            {i === parts.length - 1 ? (
              <span aria-current="page">{p}</span>
            ) : (
              <a href={href(to)} onClick={linkClick(to)}>
                {p}
              </a>
            )}
          </>
        );
      })}
    </nav>
  );
}

function Markdown({ text, class: cls }: { text: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div class={"markdown " + (cls || "")} dangerouslySetInnerHTML={{ __html: html }} />;
}

function PasswordPrompt({ path, onDone }: { path: string; onDone: () => void }) {
  const [pw, setPw] = useState("");
  return (
    <form
      class="card narrow password-card"
      data-testid="folder-password"
      onSubmit={(e) => {
        e.preventDefault();
        rememberPassword(path, pw);
        onDone();
      }}
    >
      <Icon name="lock" size={28} />
      <h2>{t("browser.passwordTitle")}</h2>
      <p class="muted">{t("browser.passwordHelp")}</p>
      <input type="password" autofocus value={pw} onInput={(e) => setPw(e.currentTarget.value)} aria-label={t("login.password")} />
      <div class="row gap">
        <button type="button" class="btn" onClick={() => navigate(parentPath(path))}>
          {t("common.back")}
        </button>
        <button class="btn primary">{t("common.ok")}</button>
      </div>
    </form>
  );
}

function SearchBox({ path }: { path: string }) {
  const [q, setQ] = useState("");
  const [res, setRes] = useState<{ parent: string; name: string; is_dir: boolean; size: number }[] | null>(null);
  const s = useStore();
  const run = async (e: Event) => {
    e.preventDefault();
    if (!q.trim()) return setRes(null);
    const r = await post("/api/fs/search", { parent: path, keywords: q.trim(), scope: 0, page: 1, per_page: 100, password: "" });
    if (r.code !== 200) return toast(r.message, "err");
    setRes(r.data?.content || []);
  };
  const base = (s.user?.base_path || "/").replace(/\/$/, "");
  const rel = (abs: string) => (base && abs.startsWith(base) ? abs.slice(base.length) || "/" : abs);
  return (
    <div class="search">
      <form onSubmit={run} class="search-form">
        <Icon name="search" size={16} />
        <input type="search" placeholder={t("browser.search")} value={q} onInput={(e) => setQ(e.currentTarget.value)} aria-label={t("browser.search")} />
      </form>
      {res && (
        <div class="search-results card">
          <div class="row">
            <strong>{t("browser.searchResults", { n: res.length })}</strong>
            <div class="spacer" />
            <button class="icon-btn" onClick={() => setRes(null)} aria-label={t("common.close")}>
              <Icon name="close" />
            </button>
          </div>
          {res.length === 0 && <Empty text={t("browser.noResults")} />}
          <ul>
            {res.map((x) => {
              const to = joinPath(rel(x.parent), x.name);
              return (
                <li>
                  <a
                    href={href(to)}
                    onClick={(e) => {
                      linkClick(to)(e);
                      setRes(null);
                    }}
                  >
                    <Icon name={x.is_dir ? "folder" : "file"} size={16} /> {to}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}

export function Browser() {
  const s = useStore();
  const path = s.path.length > 1 ? s.path.replace(/\/$/, "") : "/";
  const u = s.user;
  const [obj, setObj] = useState<Obj | null>(null);
  const [list, setList] = useState<ListData | null>(null);
  const [loading, setLoading] = useState(true);
  const [needPassword, setNeedPassword] = useState(false);
  const [error, setError] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocusState] = useState(-1);
  // The key handler below is re-bound after each render (an effect); a ref makes quick key
  // presses see the newest focus instead of the value from the render before.
  const focusRef = useRef(-1);
  const setFocus = (f: number | ((prev: number) => number)) => {
    focusRef.current = typeof f === "function" ? f(focusRef.current) : f;
    setFocusState(focusRef.current);
  };
  const [view, setView] = useState<"list" | "grid">((localStorage.getItem("view") as "grid") || "list");
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>(() => {
    try {
      return JSON.parse(localStorage.getItem("sort") || "") as { key: SortKey; asc: boolean };
    } catch {
      return { key: "name", asc: true };
    }
  });
  const [dragging, setDragging] = useState(false);
  const [picker, setPicker] = useState<null | { op: "move" | "copy"; names: string[] }>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const load = async (refresh = false) => {
    const my = ++seq.current;
    setLoading(true);
    setError("");
    setNeedPassword(false);
    const g = await fsGet(path);
    if (my !== seq.current) return;
    if (g.code !== 200) {
      setLoading(false);
      setObj(null);
      setList(null);
      if (is403Password(g)) return setNeedPassword(true);
      return setError(g.message);
    }
    setObj(g.data);
    if (!g.data.is_dir && path !== "/") {
      setList(null);
      setLoading(false);
      return;
    }
    let l = await fsList(path, refresh);
    // refresh needs write access (§7.2): readers get a plain listing instead of an error.
    if (refresh && l.code === 403 && /refresh without permission/i.test(l.message)) l = await fsList(path, false);
    if (my !== seq.current) return;
    setLoading(false);
    if (l.code !== 200) {
      setList(null);
      if (is403Password(l)) return setNeedPassword(true);
      return setError(l.message);
    }
    setList(l.data);
  };

  useEffect(() => {
    setSelected(new Set());
    setFocus(-1);
    load();
  }, [path, u?.id]);

  // setting hide_files: JS regex literals, one a line, matched against the full path (a
  // client-side filter only, as in OpenList's UI — hidden files stay reachable by URL).
  const hideRes = useMemo(() => {
    const out: RegExp[] = [];
    for (const line of (s.settings.hide_files || "").split("\n")) {
      const m = /^\/(.*)\/([a-z]*)$/.exec(line.trim());
      if (!m) continue;
      try {
        out.push(new RegExp(m[1], m[2]));
      } catch {
        /* an invalid rule hides nothing */
      }
    }
    return out;
  }, [s.settings.hide_files]);
  const readmeObj = (list?.content || []).find((o) => !o.is_dir && /^readme\.md$/i.test(o.name));
  const [readmeFile, setReadmeFile] = useState("");
  useEffect(() => {
    setReadmeFile("");
    if (!readmeObj || list?.readme || s.settings.readme_autorender === "false") return;
    let alive = true;
    fetch(downloadUrl(itemPath(readmeObj.name), readmeObj.sign, true))
      .then((r) => (r.ok ? r.text() : ""))
      .then((txt) => alive && setReadmeFile(txt));
    return () => {
      alive = false;
    };
  }, [list]);

  const items = useMemo(() => {
    const c = (list?.content || []).filter((o) => !hideRes.some((re) => re.test(joinPath(path, o.name))));
    const dir = sort.asc ? 1 : -1;
    c.sort((a, b) => {
      if (a.is_dir !== b.is_dir) return a.is_dir ? -1 : 1;
      let d = 0;
      if (sort.key === "size") d = a.size - b.size;
      else if (sort.key === "modified") d = Date.parse(a.modified) - Date.parse(b.modified);
      if (!d) d = a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" });
      return d * dir;
    });
    return c;
  }, [list, sort, hideRes]);

  const canWrite = !!list && list.write !== false && (can(u, "write_content") || list.write_content_bypass);
  const canRename = can(u, "rename") && list?.write !== false;
  const canMove = can(u, "move") && list?.write !== false;
  const canCopy = can(u, "copy");
  const canDelete = can(u, "delete") && list?.write !== false;
  const itemPath = (name: string) => joinPath(path, name);

  const setSortKey = (key: SortKey) => {
    const next = { key, asc: sort.key === key ? !sort.asc : true };
    setSort(next);
    localStorage.setItem("sort", JSON.stringify(next));
  };
  const toggleView = () => {
    const v = view === "list" ? "grid" : "list";
    setView(v);
    localStorage.setItem("view", v);
  };
  const toggle = (name: string) => {
    const n = new Set(selected);
    n.has(name) ? n.delete(name) : n.add(name);
    setSelected(n);
  };

  const mkdir = async () => {
    const name = await promptDialog({ title: t("browser.newFolder"), label: t("browser.folderName") });
    if (!name?.trim()) return;
    const r = await post("/api/fs/mkdir", { path: itemPath(name.trim()) });
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("browser.created", { name: name.trim() }), "ok");
    load(true);
  };
  const rename = async (o: Obj) => {
    const name = await promptDialog({ title: t("browser.rename"), label: t("browser.newName"), value: o.name });
    if (!name?.trim() || name.trim() === o.name) return;
    const r = await post("/api/fs/rename", { path: itemPath(o.name), name: name.trim(), overwrite: false });
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("browser.renamed", { name: name.trim() }), "ok");
    load(true);
  };
  const remove = async (names: string[]) => {
    if (!names.length) return;
    const ok = await confirmDialog({
      title: t("browser.deleteTitle"),
      message: names.length === 1 ? t("browser.deleteOne", { name: names[0] }) : t("browser.deleteMany", { n: names.length }),
      okText: t("common.delete"),
      danger: true,
    });
    if (!ok) return;
    const r = await post("/api/fs/remove", { dir: path, names });
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("browser.deleted", { n: names.length }), "ok");
    setSelected(new Set());
    load(true);
  };
  const transfer = async (op: "move" | "copy", names: string[], dst: string) => {
    setPicker(null);
    const r = await post(`/api/fs/${op}`, { src_dir: path, dst_dir: dst, names, overwrite: false });
    if (r.code !== 200) return toast(r.message, "err");
    const tasks = r.data?.tasks?.length;
    toast(tasks ? t("browser.tasksQueued", { n: tasks }) : t(op === "move" ? "browser.moved" : "browser.copied", { n: names.length }), "ok");
    setSelected(new Set());
    load(true);
  };
  const copyLinks = async (objs: Obj[]) => {
    const text = objs.filter((o) => !o.is_dir).map((o) => downloadUrl(itemPath(o.name), o.sign)).join("\n");
    if (!text) return;
    toast((await copyText(text)) ? t("browser.linkCopied") : t("browser.copyFailed"), "ok");
  };
  const downloadMany = (objs: Obj[]) => {
    for (const o of objs.filter((x) => !x.is_dir)) {
      const a = document.createElement("a");
      a.href = downloadUrl(itemPath(o.name), o.sign);
      a.download = o.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
  };
  const startUpload = (files: { file: File; rel: string }[]) => {
    if (!files.length) return;
    enqueue(path, files, () => load(true));
  };

  // Keyboard navigation over the listing (ignored while typing or when a dialog is open).
  // Bound once; it reads the newest render's values from a ref, because effects (and so any
  // re-binding) run only after paint and a fast key press could otherwise see a stale listing.
  const keyState = useRef({ list, items, path, selected, canDelete, canRename, remove, rename, toggle, itemPath });
  keyState.current = { list, items, path, selected, canDelete, canRename, remove, rename, toggle, itemPath };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = keyState.current;
      const el = e.target as HTMLElement;
      const typing = /^(TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable ||
        (el.tagName === "INPUT" && !/^(checkbox|radio|button)$/.test((el as HTMLInputElement).type));
      if (typing || e.altKey || document.querySelector(".overlay")) return;
      if (!k.list) return;
      const n = k.items.length;
      const cur = k.items[focusRef.current];
      if (e.key === "ArrowDown" || e.key === "j") setFocus((f) => Math.min(n - 1, f + 1));
      else if (e.key === "ArrowUp" || e.key === "k") setFocus((f) => Math.max(0, f - 1));
      else if (e.key === "Home") setFocus(0);
      else if (e.key === "End") setFocus(n - 1);
      else if (e.key === "Enter" && cur) navigate(k.itemPath(cur.name));
      else if (e.key === "Backspace" && k.path !== "/") navigate(parentPath(k.path));
      else if (e.key === " " && cur && el.tagName !== "INPUT") k.toggle(cur.name);
      else if ((e.key === "a" || e.key === "A") && (e.ctrlKey || e.metaKey)) setSelected(new Set(k.items.map((x) => x.name)));
      else if (e.key === "Escape") setSelected(new Set());
      else if (e.key === "Delete" && k.canDelete) k.remove(k.selected.size ? [...k.selected] : cur ? [cur.name] : []);
      else if (e.key === "F2" && cur && k.canRename) k.rename(cur);
      else return;
      e.preventDefault();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    // The ref, not this render's value: an effect can run after a newer key press moved on.
    if (focusRef.current >= 0) document.querySelector<HTMLElement>(`[data-index="${focusRef.current}"]`)?.focus();
  }, [focus]);

  const isDir = !obj || obj.is_dir || path === "/";
  const sel = items.filter((x) => selected.has(x.name));
  const searchOn = s.settings.search_index && s.settings.search_index !== "none" && !isGuest(u);
  const sortIcon = (k: SortKey) => (sort.key === k ? <Icon name={sort.asc ? "up" : "down"} size={12} /> : null);

  return (
    <div
      class="page"
      onDragOver={(e) => {
        if (!canWrite || !e.dataTransfer?.types.includes("Files")) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) setDragging(false);
      }}
      onDrop={async (e) => {
        if (!canWrite || !e.dataTransfer) return;
        e.preventDefault();
        setDragging(false);
        startUpload(await filesFromDrop(e.dataTransfer));
      }}
    >
      <TopBar />
      <main class="container">
        {s.settings.announcement && path === "/" && localStorage.getItem("ann") !== s.settings.announcement && (
          <div class="card announcement">
            <Markdown text={s.settings.announcement} />
            <button
              class="icon-btn"
              aria-label={t("common.close")}
              onClick={() => {
                localStorage.setItem("ann", s.settings.announcement);
                update({});
              }}
            >
              <Icon name="close" />
            </button>
          </div>
        )}
        <div class="toolbar">
          <Breadcrumb path={path} />
          <div class="spacer" />
          {isDir && searchOn && <SearchBox path={path} />}
          {isDir && (
            <div class="tools">
              <button class="icon-btn" onClick={() => load(true)} title={t("browser.refresh")} aria-label={t("browser.refresh")}>
                <Icon name="refresh" />
              </button>
              <button
                class="icon-btn"
                onClick={toggleView}
                title={view === "list" ? t("browser.gridView") : t("browser.listView")}
                aria-label={view === "list" ? t("browser.gridView") : t("browser.listView")}
                data-testid="view-toggle"
              >
                <Icon name={view === "list" ? "grid" : "list"} />
              </button>
              <select
                class="sort-select"
                aria-label={t("browser.sortBy")}
                value={sort.key + (sort.asc ? ":asc" : ":desc")}
                onChange={(e) => {
                  const [key, d] = e.currentTarget.value.split(":");
                  const next = { key: key as SortKey, asc: d === "asc" };
                  setSort(next);
                  localStorage.setItem("sort", JSON.stringify(next));
                }}
              >
                {(["name", "size", "modified"] as SortKey[]).flatMap((k) => [
                  <option value={k + ":asc"}>{t(`browser.col.${k}` as "browser.col.name")} ↑</option>,
                  <option value={k + ":desc"}>{t(`browser.col.${k}` as "browser.col.name")} ↓</option>,
                ])}
              </select>
              {canWrite && (
                <>
                  <button class="btn" onClick={mkdir} data-testid="new-folder">
                    <Icon name="newfolder" /> <span class="label">{t("browser.newFolder")}</span>
                  </button>
                  <button class="btn primary" onClick={() => fileInput.current?.click()} data-testid="upload-button">
                    <Icon name="upload" /> <span class="label">{t("browser.upload")}</span>
                  </button>
                  <input
                    ref={fileInput}
                    type="file"
                    multiple
                    hidden
                    data-testid="upload-input"
                    onChange={(e) => {
                      const fs = Array.from(e.currentTarget.files || []).map((f) => ({ file: f, rel: f.name }));
                      e.currentTarget.value = "";
                      startUpload(fs);
                    }}
                  />
                  <input
                    ref={folderInput}
                    type="file"
                    hidden
                    {...({ webkitdirectory: "" } as any)}
                    onChange={(e) => {
                      const fs = Array.from(e.currentTarget.files || []).map((f) => ({
                        file: f,
                        rel: (f as any).webkitRelativePath || f.name,
                      }));
                      e.currentTarget.value = "";
                      startUpload(fs);
                    }}
                  />
                  <button class="icon-btn" onClick={() => folderInput.current?.click()} title={t("browser.uploadFolder")} aria-label={t("browser.uploadFolder")}>
                    <Icon name="folder" />
                  </button>
                </>
              )}
            </div>
          )}
        </div>
        {canWrite && isDir && (
          <label class="overwrite-opt muted small">
            <input type="checkbox" checked={getOverwrite()} onChange={(e) => setOverwrite(e.currentTarget.checked)} /> {t("upload.overwrite")}
          </label>
        )}

        {sel.length > 0 && (
          <div class="batchbar card" data-testid="batch-bar">
            <strong>{t("browser.selected", { n: sel.length })}</strong>
            <div class="spacer" />
            <button class="btn small" onClick={() => downloadMany(sel)}>
              <Icon name="download" /> <span class="label">{t("browser.download")}</span>
            </button>
            <button class="btn small" onClick={() => copyLinks(sel)}>
              <Icon name="link" /> <span class="label">{t("browser.copyLink")}</span>
            </button>
            {canMove && (
              <button class="btn small" onClick={() => setPicker({ op: "move", names: sel.map((x) => x.name) })}>
                <Icon name="move" /> <span class="label">{t("browser.move")}</span>
              </button>
            )}
            {canCopy && (
              <button class="btn small" onClick={() => setPicker({ op: "copy", names: sel.map((x) => x.name) })}>
                <Icon name="copy" /> <span class="label">{t("browser.copy")}</span>
              </button>
            )}
            {canDelete && (
              <button class="btn small danger" onClick={() => remove(sel.map((x) => x.name))}>
                <Icon name="trash" /> <span class="label">{t("common.delete")}</span>
              </button>
            )}
            <button class="icon-btn" onClick={() => setSelected(new Set())} aria-label={t("browser.clearSelection")} title={t("browser.clearSelection")}>
              <Icon name="close" />
            </button>
          </div>
        )}

        {needPassword ? (
          <PasswordPrompt path={path} onDone={() => load()} />
        ) : error ? (
          <div class="card error-card" role="alert">
            <h2>{t("browser.loadFailed")}</h2>
            <p>{error}</p>
            {u?.role === 2 && /storage not found|add a storage/i.test(error) && (
              <a class="btn primary" href={href("/@manage/storages")} onClick={linkClick("/@manage/storages")}>
                {t("manage.storages")}
              </a>
            )}
          </div>
        ) : loading && !list && !obj ? (
          <Spinner />
        ) : !isDir && obj ? (
          <Preview path={path} obj={obj} />
        ) : (
          <>
            {list?.header && <Markdown text={list.header} class="card header-md" />}
            <div class={"card listing view-" + view + (dragging ? " dragging" : "")} data-testid="listing">
              {items.length === 0 ? (
                <Empty text={canWrite ? t("browser.emptyDrop") : t("browser.empty")} />
              ) : view === "list" ? (
                <table class="files">
                  <thead>
                    <tr>
                      <th class="check">
                        <input
                          type="checkbox"
                          aria-label={t("browser.selectAll")}
                          checked={selected.size > 0 && selected.size === items.length}
                          onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((x) => x.name)) : new Set())}
                        />
                      </th>
                      <th>
                        <button class="th-btn" onClick={() => setSortKey("name")}>
                          {t("browser.col.name")} {sortIcon("name")}
                        </button>
                      </th>
                      <th class="num hide-sm">
                        <button class="th-btn" onClick={() => setSortKey("size")}>
                          {t("browser.col.size")} {sortIcon("size")}
                        </button>
                      </th>
                      <th class="hide-sm">
                        <button class="th-btn" onClick={() => setSortKey("modified")}>
                          {t("browser.col.modified")} {sortIcon("modified")}
                        </button>
                      </th>
                      <th class="actions">
                        <span class="sr-only">{t("browser.actions")}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((o, i) => {
                      const to = itemPath(o.name);
                      const k = kindOf(o);
                      return (
                        <tr
                          key={o.name}
                          class={(selected.has(o.name) ? "sel " : "") + (focus === i ? "focus" : "")}
                          data-testid="file-row"
                          data-name={o.name}
                        >
                          <td class="check">
                            <input type="checkbox" aria-label={o.name} checked={selected.has(o.name)} onChange={() => toggle(o.name)} />
                          </td>
                          <td class="name">
                            <a href={href(to)} onClick={linkClick(to)} data-index={i} onFocus={() => setFocus(i)}>
                              <Icon name={KIND_ICON[k]} class={"kind " + k} />
                              <span>{o.name}</span>
                            </a>
                          </td>
                          <td class="num hide-sm muted">{o.is_dir ? "—" : formatSize(o.size)}</td>
                          <td class="hide-sm muted">{formatTime(o.modified)}</td>
                          <td class="actions">
                            <RowActions
                              o={o}
                              canRename={canRename}
                              canDelete={canDelete}
                              onRename={() => rename(o)}
                              onDelete={() => remove([o.name])}
                              onCopy={() => copyLinks([o])}
                              url={o.is_dir ? "" : downloadUrl(to, o.sign)}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              ) : (
                <div class="grid">
                  {items.map((o, i) => {
                    const to = itemPath(o.name);
                    const k = kindOf(o);
                    return (
                      <div key={o.name} class={"tile" + (selected.has(o.name) ? " sel" : "")} data-testid="file-row" data-name={o.name}>
                        <input type="checkbox" class="tile-check" aria-label={o.name} checked={selected.has(o.name)} onChange={() => toggle(o.name)} />
                        <a href={href(to)} onClick={linkClick(to)} data-index={i} onFocus={() => setFocus(i)}>
                          {k === "image" && o.sign !== undefined ? (
                            <img class="thumb" loading="lazy" alt="" src={o.thumb || downloadUrl(to, o.sign)} />
                          ) : (
                            <Icon name={KIND_ICON[k]} size={40} class={"kind " + k} />
                          )}
                          <span class="tile-name" title={o.name}>
                            {o.name}
                          </span>
                        </a>
                      </div>
                    );
                  })}
                </div>
              )}
              {dragging && (
                <div class="drop-hint">
                  <Icon name="upload" size={32} />
                  {t("browser.dropHere")}
                </div>
              )}
            </div>
            {(list?.readme || readmeFile) && <Markdown text={list?.readme || readmeFile} class="card readme" />}
          </>
        )}
      </main>
      {picker && (
        <FolderPicker
          title={picker.op === "move" ? t("browser.moveTo") : t("browser.copyTo")}
          start={path}
          onClose={() => setPicker(null)}
          onPick={(dst) => transfer(picker.op, picker.names, dst)}
        />
      )}
      <UploadPanel />
    </div>
  );
}

function RowActions(p: {
  o: Obj;
  url: string;
  canRename: boolean;
  canDelete: boolean;
  onRename: () => void;
  onDelete: () => void;
  onCopy: () => void;
}) {
  return (
    <div class="row-actions">
      {!p.o.is_dir && (
        <>
          <a class="icon-btn" href={p.url} download={p.o.name} title={t("browser.download")} aria-label={t("browser.download")}>
            <Icon name="download" size={16} />
          </a>
          <button class="icon-btn" onClick={p.onCopy} title={t("browser.copyLink")} aria-label={t("browser.copyLink")}>
            <Icon name="link" size={16} />
          </button>
        </>
      )}
      {p.canRename && (
        <button class="icon-btn" onClick={p.onRename} title={t("browser.rename")} aria-label={t("browser.rename") + " " + p.o.name} data-testid="rename">
          <Icon name="rename" size={16} />
        </button>
      )}
      {p.canDelete && (
        <button class="icon-btn danger" onClick={p.onDelete} title={t("common.delete")} aria-label={t("common.delete") + " " + p.o.name} data-testid="delete">
          <Icon name="trash" size={16} />
        </button>
      )}
    </div>
  );
}

export { baseName };
