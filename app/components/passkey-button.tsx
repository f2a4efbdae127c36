import { useEffect } from "react";

// Hidden until app/browser/passkey-answer.ts finds the browser can use passkeys (without JavaScript, or
// without WebAuthn, nothing shows); the script does the rest.
const SCRIPT = import.meta.env.DEV ? "/app/browser/passkey-answer.ts" : "/passkey.js";

/**
 * The passkey button of a sign-in page: on the login page a whole sign-in (with the username field's
 * autofill too), on the two-factor page the second factor, on the confirm page this session's proof.
 * `action` is where the answer is posted.
 */
export function PasskeyButton({
  action,
  label,
  step = "sign-in",
  autofill,
  separator = true,
  form,
}: {
  action: string;
  label: string;
  /** Which options /auth/passkey gives: a sign-in, a pending sign-in's second factor, or this session's person. */
  step?: "sign-in" | "second-factor" | "session";
  autofill?: boolean;
  /** The "or" above the button, where it is an alternative to a form. */
  separator?: boolean;
  /** The id of a form to send with the answer in its `porch-confirm-passkey` field, instead of a form of its own. */
  form?: string;
}) {
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
    <div
      data-passkey-area
      data-passkey-action={action}
      data-passkey-step={step}
      data-passkey-autofill={autofill ? "" : undefined}
      data-passkey-form={form}
      hidden
      className="space-y-2"
    >
      {separator ? <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p> : null}
      <button
        type="button"
        data-passkey-button
        className="block w-full rounded border border-slate-900 bg-white px-4 py-2 text-center font-medium hover:bg-slate-100"
      >
        {label}
      </button>
      {/* Empty and out of the page until the script writes a refusal into it, as an alert. */}
      <p data-passkey-status className="text-sm text-red-700 empty:hidden" />
      <script type="module" src={SCRIPT} />
    </div>
  );
}
