// Shared widgets: modal, promise-based confirm/prompt dialogs, toasts, progress bar.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Icon } from "./icons";
import { store, update, useStore } from "./store";
import { t } from "../i18n";

export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  wide?: boolean;
  testid?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const el = ref.current?.querySelector<HTMLElement>("[autofocus], input, textarea, select, button.primary");
    el?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        props.onClose();
      }
    };
    addEventListener("keydown", onKey, true);
    return () => {
      removeEventListener("keydown", onKey, true);
      prev?.focus?.();
    };
  }, []);
  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        class={"modal" + (props.wide ? " wide" : "")}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        ref={ref}
        data-testid={props.testid}
      >
        <div class="modal-head">
          <h2>{props.title}</h2>
          <button class="icon-btn" onClick={props.onClose} aria-label={t("common.close")} title={t("common.close")}>
            <Icon name="close" />
          </button>
        </div>
        <div class="modal-body">{props.children}</div>
        {props.footer && <div class="modal-foot">{props.footer}</div>}
      </div>
    </div>
  );
}

interface DialogSpec {
  kind: "confirm" | "prompt";
  title: string;
  message?: string;
  label?: string;
  value?: string;
  inputType?: string;
  okText?: string;
  danger?: boolean;
  autocomplete?: string;
  resolve: (v: string | boolean | null) => void;
}
let dialogs: DialogSpec[] = [];
const setDialogs = (d: DialogSpec[]) => {
  dialogs = d;
  update({});
};

export function confirmDialog(o: { title: string; message?: string; okText?: string; danger?: boolean }) {
  return new Promise<boolean>((resolve) =>
    setDialogs([...dialogs, { kind: "confirm", ...o, resolve: (v) => resolve(v === true) }]),
  );
}

export function promptDialog(o: {
  title: string;
  label: string;
  value?: string;
  message?: string;
  inputType?: string;
  okText?: string;
  autocomplete?: string;
}) {
  return new Promise<string | null>((resolve) =>
    setDialogs([...dialogs, { kind: "prompt", ...o, resolve: (v) => resolve(typeof v === "string" ? v : null) }]),
  );
}

function DialogView({ d }: { d: DialogSpec }) {
  const [value, setValue] = useState(d.value ?? "");
  const close = (v: string | boolean | null) => {
    setDialogs(dialogs.filter((x) => x !== d));
    d.resolve(v);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    close(d.kind === "confirm" ? true : value);
  };
  return (
    <Modal
      title={d.title}
      onClose={() => close(null)}
      testid={d.kind === "confirm" ? "confirm-dialog" : "prompt-dialog"}
    >
      <form onSubmit={submit}>
        {d.message && <p class="dialog-msg">{d.message}</p>}
        {d.kind === "prompt" && (
          <label class="field">
            <span>{d.label}</span>
            <input
              type={(d.inputType || "text") as "text"}
              value={value}
              autofocus
              autocomplete={d.autocomplete || "off"}
              onInput={(e) => setValue(e.currentTarget.value)}
              onFocus={(e) => {
                // Select the name without its extension, as file managers do.
                const v = e.currentTarget.value;
                const dot = v.lastIndexOf(".");
                e.currentTarget.setSelectionRange(0, dot > 0 ? dot : v.length);
              }}
            />
          </label>
        )}
        <div class="modal-foot inline">
          <button type="button" class="btn" onClick={() => close(null)}>
            {t("common.cancel")}
          </button>
          <button type="submit" class={"btn primary" + (d.danger ? " danger" : "")} autofocus={d.kind === "confirm"}>
            {d.okText || t("common.ok")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DialogHost() {
  useStore();
  return (
    <>
      {dialogs.map((d, i) => (
        <DialogView key={i + d.title} d={d} />
      ))}
    </>
  );
}

export function Toasts() {
  const s = useStore();
  return (
    <div class="toasts" role="status" aria-live="polite">
      {s.toasts.map((x) => (
        <div key={x.id} class={"toast " + x.kind} onClick={() => update({ toasts: store.toasts.filter((y) => y !== x) })}>
          {x.text}
        </div>
      ))}
    </div>
  );
}

export function Progress({ value, label }: { value: number; label?: string }) {
  const v = Math.max(0, Math.min(100, value));
  return (
    <div
      class="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(v)}
      aria-label={label}
    >
      <div class="bar" style={{ width: v + "%" }} />
    </div>
  );
}

export function Spinner() {
  return <div class="spinner" aria-label={t("common.loading")} />;
}

export function Empty({ text }: { text: string }) {
  return <div class="empty">{text}</div>;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  // Plain-HTTP LAN installs have no Clipboard API: use a hidden textarea.
  const ta = document.createElement("textarea");
  ta.value = text;
  ta.style.position = "fixed";
  ta.style.opacity = "0";
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

export function downloadText(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
