import { useEffect, useState } from "preact/hooks";
import { get, post, setToken } from "../lib/api";
import { staticHash } from "../lib/sha256";
import { Icon } from "../lib/icons";
import { navigate, queryParam } from "../lib/router";
import { update, useStore, type User } from "../lib/store";
import { t } from "../i18n";
import { LangSelect } from "../App";
import { loadMe } from "../main";
import { OtpInput } from "./common";

interface LoginData {
  token: string;
  enrol_2fa?: boolean;
  grace_logins_left?: number | null;
}

export function Login() {
  const s = useStore();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<"password" | "otp">("password");
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [guestOk, setGuestOk] = useState(false);

  useEffect(() => {
    // The guest is usable when /api/me without a token answers with the guest user.
    get<User>("/api/me", { token: "", quiet401: true }).then((r) => setGuestOk(r.code === 200 && r.data?.role === 1));
  }, []);

  const explain = (code: number, message: string, data: any): string => {
    if (code === 429) {
      const wait = data && typeof data.retry_after === "number" ? Math.ceil(data.retry_after / 60) : 0;
      return wait > 0 ? t("login.err.throttledFor", { minutes: wait }) : t("login.err.throttled");
    }
    if (code === 402) {
      const skew = data && typeof data.clock_skew_seconds === "number" ? data.clock_skew_seconds : null;
      if (skew) return t("login.err.skew", { seconds: Math.abs(skew), dir: skew > 0 ? t("login.ahead") : t("login.behind") });
      return recovery ? t("login.err.badRecovery") : t("login.err.badCode");
    }
    if (/disabled, replace/i.test(message)) return t("login.err.disabled");
    if (/enrolment required/i.test(message)) return t("login.err.enrolRequired");
    if (code === 401) return t("login.err.credentials");
    if (code === 0) return t("common.networkError");
    return message;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError("");
    if (!username.trim()) return setError(t("login.err.username"));
    setBusy(true);
    const otp = step === "otp" ? (recovery ? code.trim() : code.replace(/\s+/g, "")) : "";
    const r = await post<LoginData>(
      "/api/auth/login/hash",
      { username: username.trim(), password: staticHash(password), otp_code: otp },
      { quiet401: true },
    );
    setBusy(false);
    if (r.code === 200 && r.data?.token) {
      setToken(r.data.token);
      await loadMe();
      if (r.data.enrol_2fa) {
        update({ enrolNotice: { grace: r.data.grace_logins_left ?? null } });
        navigate("/@manage/profile", true);
        return;
      }
      const to = queryParam("redirect");
      navigate(to && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/@login") ? to : "/", true);
      return;
    }
    if (r.code === 402 && step === "password") {
      // OpenList: server/handles/auth.go — 402 means "ask for the code".
      setStep("otp");
      setCode("");
      return;
    }
    setError(explain(r.code, r.message, r.data));
  };

  const title = s.settings.site_title || "OpenList";
  return (
    <div class="login-page">
      <div class="login-tools">
        <LangSelect />
      </div>
      <form class="card login-card" onSubmit={submit} data-testid="login-form">
        <div class="login-logo" aria-hidden="true">
          <Icon name="folder" size={28} />
        </div>
        <h1>{step === "otp" ? t("login.otpTitle") : t("login.title", { site: title })}</h1>
        {step === "password" ? (
          <>
            <label class="field">
              <span>{t("login.username")}</span>
              <input
                name="username"
                autocomplete="username"
                autofocus
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>{t("login.password")}</span>
              <input
                name="password"
                type="password"
                autocomplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
          </>
        ) : (
          <>
            <p class="muted">{recovery ? t("login.recoveryHelp") : t("login.otpHelp")}</p>
            <label class="field">
              <span>{recovery ? t("login.recoveryCode") : t("login.otpCode")}</span>
              {recovery ? (
                <input
                  key="recovery"
                  name="recovery_code"
                  autocomplete="off"
                  autocapitalize="off"
                  spellcheck={false}
                  placeholder="xxxxx-xxxxx"
                  autofocus
                  value={code}
                  onInput={(e) => setCode(e.currentTarget.value)}
                />
              ) : (
                <OtpInput key="otp" value={code} onInput={setCode} />
              )}
            </label>
            <button
              type="button"
              class="link-btn"
              onClick={() => {
                setRecovery(!recovery);
                setCode("");
                setError("");
              }}
            >
              {recovery ? t("login.useOtp") : t("login.useRecovery")}
            </button>
          </>
        )}
        {error && (
          <div class="alert err" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <button type="submit" class="btn primary block" disabled={busy}>
          {step === "otp" ? t("login.verify") : t("login.submit")}
        </button>
        {step === "otp" && (
          <button
            type="button"
            class="btn block"
            onClick={() => {
              setStep("password");
              setRecovery(false);
              setCode("");
              setError("");
            }}
          >
            {t("common.back")}
          </button>
        )}
        {guestOk && step === "password" && (
          <button type="button" class="link-btn center" onClick={async () => {
              setToken("");
              await loadMe();
              navigate("/");
            }}
            data-testid="guest-browse">
            {t("login.guest")}
          </button>
        )}
      </form>
    </div>
  );
}
