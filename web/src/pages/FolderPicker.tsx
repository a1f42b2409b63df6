import { useEffect, useState } from "preact/hooks";
import { joinPath, parentPath, post } from "../lib/api";
import { Icon } from "../lib/icons";
import { Empty, Modal, Spinner } from "../lib/ui";
import { t } from "../i18n";
import { passwordFor } from "./fsutil";

/** Choose a destination folder for move/copy by walking /api/fs/dirs. */
export function FolderPicker(p: { title: string; start: string; onClose: () => void; onPick: (dst: string) => void }) {
  const [dir, setDir] = useState(p.start);
  const [dirs, setDirs] = useState<{ name: string }[] | null>(null);
  const [err, setErr] = useState("");
  useEffect(() => {
    setDirs(null);
    setErr("");
    post<{ name: string }[] | null>("/api/fs/dirs", { path: dir, password: passwordFor(dir), force_root: false }).then((r) => {
      if (r.code !== 200) return setErr(r.message);
      setDirs(r.data || []); // OpenList answers null when there are no sub-folders
    });
  }, [dir]);
  return (
    <Modal
      title={p.title}
      onClose={p.onClose}
      testid="folder-picker"
      footer={
        <>
          <button class="btn" onClick={p.onClose}>
            {t("common.cancel")}
          </button>
          <button class="btn primary" onClick={() => p.onPick(dir)}>
            {t("browser.chooseHere")}
          </button>
        </>
      }
    >
      <div class="picker-path">
        <button class="icon-btn" disabled={dir === "/"} onClick={() => setDir(parentPath(dir))} aria-label={t("browser.up")} title={t("browser.up")}>
          <Icon name="up" />
        </button>
        <code>{dir}</code>
      </div>
      {err ? (
        <div class="alert err">{err}</div>
      ) : dirs === null ? (
        <Spinner />
      ) : dirs.length === 0 ? (
        <Empty text={t("browser.noSubfolders")} />
      ) : (
        <ul class="picker-list">
          {dirs.map((d) => (
            <li>
              <button class="picker-item" onClick={() => setDir(joinPath(dir, d.name))}>
                <Icon name="folder" /> {d.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
