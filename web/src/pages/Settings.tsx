import { useEffect, useMemo, useState } from "preact/hooks";
import { get, post } from "../lib/api";
import { toast, update } from "../lib/store";
import { Empty, Spinner } from "../lib/ui";
import { t, tOpt } from "../i18n";
import { confirmAndPost } from "./common";
import { FieldInput, humanize } from "./fields";

interface Item {
  key: string;
  value: string;
  help: string;
  type: string;
  options: string;
  group: number;
  flag: number;
  index: number;
}

// Groups of §9.1; 0 ("single") holds the admin token and is shown as "Other".
const ORDER = [1, 2, 3, 4, 0, 5, 6, 7, 8, 9, 10, 11];

export function Settings() {
  const [items, setItems] = useState<Item[] | null>(null);
  const [group, setGroup] = useState(1);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const r = await get<Item[]>("/api/admin/setting/list");
    if (r.code !== 200) return toast(r.message, "err");
    setItems(r.data || []);
  };
  useEffect(() => {
    load();
  }, []);
  const groups = useMemo(() => {
    const present = new Set((items || []).filter((i) => i.flag !== 3).map((i) => i.group));
    return [...ORDER.filter((g) => present.has(g)), ...[...present].filter((g) => !ORDER.includes(g)).sort((a, b) => a - b)];
  }, [items]);
  const shown = (items || []).filter((i) => i.group === group).sort((a, b) => a.index - b.index);
  const setValue = (key: string, value: string) => setItems((items || []).map((i) => (i.key === key ? { ...i, value } : i)));
  const save = async () => {
    setBusy(true);
    const r = await post("/api/admin/setting/save", shown);
    setBusy(false);
    if (r.code !== 200) return toast(r.message, "err");
    toast(t("common.saved"), "ok");
    const pub = await get<Record<string, string>>("/api/public/settings");
    if (pub.code === 200) update({ settings: pub.data });
    load();
  };
  const resetToken = async () => {
    const ask = { title: t("settings.resetToken"), message: t("settings.resetTokenConfirm"), okText: t("settings.resetToken") };
    if (await confirmAndPost("/api/admin/setting/reset_token", ask, t("common.done"))) load();
  };
  const groupName = (g: number) => tOpt(`settings.group.${g}`) || t("settings.groupN", { n: g });
  return (
    <div class="stack">
      <h1 class="page-title">{t("manage.settings")}</h1>
      {items === null ? (
        <Spinner />
      ) : (
        <>
          <div class="tabs" role="tablist">
            {groups.map((g) => (
              <button role="tab" aria-selected={g === group} class={"tab" + (g === group ? " active" : "")} onClick={() => setGroup(g)}>
                {groupName(g)}
              </button>
            ))}
          </div>
          <div class="card section">
            {shown.length === 0 && <Empty text={t("common.none")} />}
            <div class="settings-list">
              {shown
                .filter((i) => i.flag !== 3)
                .map((i) => (
                  <FieldInput
                    def={{ name: i.key, type: i.type, options: i.options, help: tOpt(`settingHelp.${i.key}`) || i.help }}
                    label={tOpt(`setting.${i.key}`) || humanize(i.key)}
                    value={i.value}
                    disabled={i.flag === 2}
                    onChange={(v) => setValue(i.key, typeof v === "boolean" ? String(v) : v)}
                  />
                ))}
            </div>
            <div class="row gap">
              <button class="btn primary" onClick={save} disabled={busy} data-testid="save-settings">
                {t("common.save")}
              </button>
              {shown.some((i) => i.key === "token") && (
                <button class="btn danger" onClick={resetToken}>
                  {t("settings.resetToken")}
                </button>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}

