import { useEffect } from "react";

// The passkey button of the login page. Hidden until app/browser/passkey-sign-in.ts finds the browser
// can use passkeys (without JavaScript, or without WebAuthn, nothing shows); the script does the rest.
const SCRIPT = import.meta.env.DEV ? "/app/browser/passkey-sign-in.ts" : "/passkey-sign-in.js";

export function PasskeySignIn() {
  useEffect(() => {
    // Only when React renders this page (it navigated here): a script it inserts never runs, so load or rerun it.
    const wire = (window as { porchPasskeys?: () => void }).porchPasskeys;
    if (wire) return wire();
    const script = document.createElement("script");
    script.type = "module";
    script.src = SCRIPT;
    document.head.append(script);
  }, []);
  return (
    <div data-passkey-area hidden className="space-y-2">
      <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
      <button
        type="button"
        data-passkey-sign-in
        className="block w-full rounded border border-slate-900 bg-white px-4 py-2 text-center font-medium hover:bg-slate-100"
      >
        Sign in with a passkey
      </button>
      {/* Empty and out of the page until the script writes a refusal into it, as an alert. */}
      <p data-passkey-status className="text-sm text-red-700 empty:hidden" />
      <script type="module" src={SCRIPT} />
    </div>
  );
}
