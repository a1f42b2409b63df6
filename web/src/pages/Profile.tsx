import { useEffect, useState } from "preact/hooks";
import { get, post, setToken } from "../lib/api";
import { Icon } from "../lib/icons";
import { navigate } from "../lib/router";
import { store, toast, update, useStore } from "../lib/store";
import { confirmDialog, copyText, downloadText, Empty, Modal } from "../lib/ui";
import { formatTime, t } from "../i18n";
import { loadMe } from "../main";
import { withReauth } from "./Manage";
import { confirmAndPost, OtpInput } from "./common";

interface Status {
  enabled: boolean;
  recovery_codes_remaining: number;
  policy?: string;
  required?: boolean;
  grace_logins_left?: number | null;
}
interface AppPassword {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  scope_path: string;
  read_only: boolean;
}

function Account() {
  const s = useStore();
  const u = s.user!;
  const [username, setUsername] = useState(u.username);
  const [pw, setPw] = useState("");
  const [pw2, setPw2] = useState("");
  const [err, setErr] = useState("");
  const save = async (e: Event) => {
    e.preventDefault();
    setErr("");
    if (!username.trim()) return setErr(t("profile.usernameRequired"));
    if (pw !== pw2) return setErr(t("profile.passwordMismatch"));
    const r = await post("/api/me/update", { username: username.trim(), password: pw, sso_id: u.sso_id || "" });
    if (r.code !== 200) return setErr(r.message);
    if (pw || username.trim() !== u.username) {
      // A new password (pwd_ts) or a new name (token claim) ends this session: log in again.
      toast(t("profile.savedRelogin"), "ok");
      setToken("");
      update({ user: null });
      navigate("/@login");
    } else {
      toast(t("common.saved"), "ok");
      loadMe();
    }
  };
  return (
    <form class="card section" onSubmit={save} data-testid="account-form">
      <h2>{t("profile.account")}</h2>
      <div class="form-grid">
        <label class="field">
          <span>{t("login.username")}</span>
          <input value={username} autocomplete="username" onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("profile.newPassword")}</span>
          <input type="password" autocomplete="new-password" value={pw} placeholder={t("profile.keepPassword")} onInput={(e) => setPw(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("profile.confirmPassword")}</span>
          <input type="password" autocomplete="new-password" value={pw2} onInput={(e) => setPw2(e.currentTarget.value)} />
        </label>
      </div>
      {err && <div class="alert err">{err}</div>}
      <div class="row">
        <button class="btn primary">{t("common.save")}</button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = codes.join("\n");
  return (
    <div class="recovery" data-testid="recovery-codes">
      <div class="alert warn">{t("twofa.codesOnce")}</div>
      <ol class="codes">
        {codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="row gap wrap">
        <button class="btn" onClick={async () => toast((await copyText(text)) ? t("common.copied") : t("browser.copyFailed"), "ok")}>
          <Icon name="copy" /> {t("common.copy")}
        </button>
        <button class="btn" onClick={() => downloadText(`${store.settings.site_title || "openlist"}-recovery-codes.txt`, text + "\n")}>
          <Icon name="download" /> {t("common.download")}
        </button>
        <div class="spacer" />
        <button class="btn primary" onClick={onDone} data-testid="codes-done">
          {t("twofa.savedCodes")}
        </button>
      </div>
    </div>
  );
}

function TwoFactor() {
  const s = useStore();
  const u = s.user!;
  const [status, setStatus] = useState<Status | null>(null);
  const [enrol, setEnrol] = useState<null | { qr: string; secret: string; uri?: string }>(null);
  const [code, setCode] = useState("");
  const [err, setErr] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = async () => {
    const r = await get<Status>("/api/auth/2fa/status");
    setStatus(r.code === 200 ? r.data : { enabled: !!store.user?.otp, recovery_codes_remaining: store.user?.recovery_codes_remaining ?? 0 });
  };
  useEffect(() => {
    refresh();
  }, [u.otp]);

  const start = async () => {
    setErr("");
    setBusy(true);
    const r = await withReauth<{ qr: string; secret: string; uri?: string }>((x) => post("/api/auth/2fa/generate", x));
    setBusy(false);
    if (r.code === -1) return;
    if (r.code !== 200) return toast(r.message, "err");
    setCode("");
    setEnrol(r.data);
  };
  const verify = async (e: Event) => {
    e.preventDefault();
    if (!enrol || busy) return;
    setErr("");
    const c = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(c)) return setErr(t("twofa.codeFormat"));
    setBusy(true);
    const r = await withReauth<{ recovery_codes?: string[] } | null>((x) => post("/api/auth/2fa/verify", { code: c, secret: enrol.secret, ...x }));
    setBusy(false);
    if (r.code === -1) return;
    if (r.code !== 200) return setErr(r.code === 400 ? t("twofa.badCode") : r.message);
    setEnrol(null);
    toast(t("twofa.enabled"), "ok");
    update({ enrolNotice: null });
    setCodes(r.data?.recovery_codes || []);
    await loadMe();
  };
  const regenerate = async () => {
    const ok = await confirmDialog({ title: t("twofa.regenerate"), message: t("twofa.regenerateConfirm"), okText: t("twofa.regenerate") });
    if (!ok) return;
    const r = await withReauth<{ recovery_codes: string[] }>((x) => post("/api/auth/2fa/recovery_codes", x));
    if (r.code === -1) return;
    if (r.code !== 200) return toast(r.message, "err");
    setCodes(r.data.recovery_codes);
    refresh();
  };

  const on = status ? status.enabled : u.otp;
  return (
    <section class="card section" data-testid="twofa">
      <div class="row">
        <h2>
          <Icon name="shield" /> {t("twofa.title")}
        </h2>
        <div class="spacer" />
        <span class={"badge " + (on ? "ok" : "off")} data-testid="twofa-status">
          {on ? t("twofa.on") : t("twofa.off")}
        </span>
      </div>
      {s.enrolNotice && !on && (
        <div class="alert warn">
          {s.enrolNotice.grace != null ? t("twofa.requiredGrace", { n: s.enrolNotice.grace }) : t("twofa.required")}
        </div>
      )}
      {codes ? (
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            refresh();
          }}
        />
      ) : enrol ? (
        <form class="enrol" onSubmit={verify} data-testid="enrol">
          <ol class="steps">
            <li>{t("twofa.step1")}</li>
          </ol>
          <div class="enrol-grid">
            <img class="qr" src={enrol.qr} alt={t("twofa.qrAlt")} width={200} height={200} />
            <div>
              <p class="muted">{t("twofa.manual")}</p>
              <code class="secret" data-testid="totp-secret" data-secret={enrol.secret}>
                {(enrol.secret.match(/.{1,4}/g) || []).join(" ")}
              </code>
              <button type="button" class="btn small" onClick={async () => toast((await copyText(enrol.secret)) ? t("common.copied") : t("browser.copyFailed"), "ok")}>
                <Icon name="copy" /> {t("common.copy")}
              </button>
            </div>
          </div>
          <ol class="steps" start={2}>
            <li>{t("twofa.step2")}</li>
          </ol>
          <label class="field narrow-field">
            <span>{t("login.otpCode")}</span>
            <OtpInput value={code} onInput={setCode} testid="totp-code" />
          </label>
          {err && (
            <div class="alert err" role="alert">
              {err}
            </div>
          )}
          <div class="row gap">
            <button type="button" class="btn" onClick={() => setEnrol(null)}>
              {t("common.cancel")}
            </button>
            <button class="btn primary" disabled={busy} data-testid="verify-2fa">
              {t("twofa.verify")}
            </button>
          </div>
        </form>
      ) : on ? (
        <div>
          <p>{t("twofa.onHelp")}</p>
          <p data-testid="recovery-remaining">
            {t("twofa.remaining", { n: status?.recovery_codes_remaining ?? u.recovery_codes_remaining ?? 0 })}
          </p>
          <div class="row gap wrap">
            <button class="btn" onClick={regenerate}>
              <Icon name="refresh" /> {t("twofa.regenerate")}
            </button>
          </div>
          <p class="muted small">{t("twofa.changeDevice")}</p>
        </div>
      ) : (
        <div>
          <p>{t("twofa.offHelp")}</p>
          <button class="btn primary" onClick={start} disabled={busy} data-testid="enable-2fa">
            <Icon name="shield" /> {t("twofa.enable")}
          </button>
        </div>
      )}
    </section>
  );
}

function AppPasswords() {
  const [items, setItems] = useState<AppPassword[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [form, setForm] = useState({ name: "", expires_in_days: 0, scope_path: "/", read_only: false });
  const load = async () => {
    const r = await get<AppPassword[]>("/api/me/app_passwords");
    setItems(r.code === 200 ? r.data || [] : []);
  };
  useEffect(() => {
    load();
  }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    if (!form.name.trim()) return toast(t("apppw.nameRequired"), "err");
    const r = await withReauth<AppPassword & { token: string }>((x) => post("/api/me/app_passwords/create", { ...form, name: form.name.trim(), ...x }));
    if (r.code === -1) return;
    if (r.code !== 200) return toast(r.message, "err");
    setCreating(false);
    setCreated(r.data.token);
    setForm({ name: "", expires_in_days: 0, scope_path: "/", read_only: false });
    load();
  };
  const revoke = async (a: AppPassword) => {
    const ask = { title: t("apppw.revoke"), message: t("apppw.revokeConfirm", { name: a.name }), okText: t("apppw.revoke") };
    if (await confirmAndPost(`/api/me/app_passwords/revoke?id=${a.id}`, ask, t("apppw.revoked"))) load();
  };
  return (
    <section class="card section" data-testid="app-passwords">
      <div class="row">
        <h2>
          <Icon name="key" /> {t("apppw.title")}
        </h2>
        <div class="spacer" />
        <button class="btn small" onClick={() => setCreating(true)}>
          <Icon name="plus" /> {t("apppw.create")}
        </button>
      </div>
      <p class="muted small">{t("apppw.help")}</p>
      {items && items.length === 0 && <Empty text={t("apppw.none")} />}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{t("apppw.name")}</th>
                <th>{t("apppw.prefix")}</th>
                <th>{t("apppw.scope")}</th>
                <th>{t("apppw.created")}</th>
                <th>{t("apppw.expires")}</th>
                <th>{t("apppw.lastUsed")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr>
                  <td>{a.name}</td>
                  <td>
                    <code>{a.prefix}…</code>
                  </td>
                  <td>
                    <code>{a.scope_path}</code> {a.read_only && <span class="badge off">{t("apppw.readOnly")}</span>}
                  </td>
                  <td>{formatTime(a.created_at)}</td>
                  <td>{a.expires_at ? formatTime(a.expires_at) : t("apppw.never")}</td>
                  <td>{a.last_used_at ? formatTime(a.last_used_at) : t("apppw.neverUsed")}</td>
                  <td class="actions">
                    <button class="btn small danger" onClick={() => revoke(a)}>
                      {t("apppw.revoke")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <Modal title={t("apppw.create")} onClose={() => setCreating(false)}>
          <form onSubmit={create}>
            <label class="field">
              <span>{t("apppw.name")}</span>
              <input autofocus value={form.name} placeholder={t("apppw.namePlaceholder")} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            </label>
            <label class="field">
              <span>{t("apppw.expiresIn")}</span>
              <input type="number" min={0} value={form.expires_in_days} onInput={(e) => setForm({ ...form, expires_in_days: Number(e.currentTarget.value) || 0 })} />
            </label>
            <label class="field">
              <span>{t("apppw.scope")}</span>
              <input value={form.scope_path} onInput={(e) => setForm({ ...form, scope_path: e.currentTarget.value || "/" })} />
            </label>
            <label class="check-field">
              <input type="checkbox" checked={form.read_only} onChange={(e) => setForm({ ...form, read_only: e.currentTarget.checked })} />
              {t("apppw.readOnly")}
            </label>
            <div class="modal-foot inline">
              <button type="button" class="btn" onClick={() => setCreating(false)}>
                {t("common.cancel")}
              </button>
              <button class="btn primary">{t("apppw.create")}</button>
            </div>
          </form>
        </Modal>
      )}
      {created && (
        <Modal title={t("apppw.createdTitle")} onClose={() => setCreated(null)}>
          <div class="alert warn">{t("apppw.createdOnce")}</div>
          <code class="secret block" data-testid="app-password-token">
            {created}
          </code>
          <div class="modal-foot inline">
            <button class="btn" onClick={async () => toast((await copyText(created)) ? t("common.copied") : t("browser.copyFailed"), "ok")}>
              <Icon name="copy" /> {t("common.copy")}
            </button>
            <button class="btn primary" onClick={() => setCreated(null)}>
              {t("common.done")}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

export function Profile() {
  return (
    <div class="stack">
      <h1 class="page-title">{t("manage.profile")}</h1>
      <Account />
      <TwoFactor />
      <AppPasswords />
    </div>
  );
}
