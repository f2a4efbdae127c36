import type { ConfirmAsk } from "~/auth/elevation.server";
import { FormErrors } from "./form-errors";
import { PasskeyButton } from "./passkey-button";
import { Button } from "./ui";
import { CONFIRM_FIELD_NAMES } from "~/utils/confirm-fields";

const FORM_ID = "porch-confirm";

/**
 * A sensitive action refused for want of a recent proof (issue #21), on /auth/confirm: the action's own
 * form again, its fields kept (secrets aside), with what proves it's them. Sent, it runs the action once the proof holds;
 * nothing is sent without the person pressing a button. Works without JavaScript (the passkey aside).
 */
export function ConfirmToContinue({ ask }: { ask: ConfirmAsk }) {
  const { proofs } = ask;
  const typed = proofs.password || proofs.code;
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Confirm it's you</h1>
        <p className="text-slate-600">
          To {ask.what}, prove it's you again: it has been more than {ask.ttlMinutes} minutes since you last did.
        </p>
      </div>
      <Confirming fields={ask.fields} />
      <p className="text-sm text-slate-600">
        Confirm only if you asked for this yourself just now. If you didn&apos;t, don&apos;t: someone may be using your session. Sign out,
        then change your password.
      </p>
      <FormErrors errors={ask.error ? [ask.error] : undefined} />
      {typed || proofs.passkey ? (
        <form id={FORM_ID} method="post" action={ask.action} className="space-y-3">
          {ask.fields.map(([name, value], i) => (
            <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name={CONFIRM_FIELD_NAMES.passkey} value="" />
          {proofs.password ? (
            <label className="block text-sm">
              <span className="block font-medium text-slate-700">Your password</span>
              <input
                type="password"
                name={CONFIRM_FIELD_NAMES.password}
                autoComplete="current-password"
                className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
              />
            </label>
          ) : null}
          {proofs.code ? (
            <label className="block text-sm">
              <span className="block font-medium text-slate-700">
                {proofs.password ? "Or a code from your authenticator app" : "A code from your authenticator app"}
              </span>
              <input
                name={CONFIRM_FIELD_NAMES.code}
                inputMode="numeric"
                autoComplete="one-time-code"
                className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
              />
            </label>
          ) : null}
          {typed ? <Button>Confirm and continue</Button> : null}
        </form>
      ) : null}
      {proofs.passkey ? (
        <PasskeyButton action={ask.action} step="session" label="Confirm with a passkey" form={FORM_ID} separator={typed} />
      ) : null}
      {proofs.provider ? (
        <a
          href={`/auth/oidc?reauth=1&redirectTo=${encodeURIComponent(ask.page)}`}
          className="block w-full rounded border border-slate-900 bg-white px-4 py-2 text-center font-medium hover:bg-slate-100"
        >
          Sign in again with {proofs.provider}
        </a>
      ) : null}
      {proofs.provider ? <p className="text-xs text-slate-600">You come back to this page; what you entered is not kept.</p> : null}
      {!typed && !proofs.passkey && !proofs.provider ? (
        <p role="alert" className="text-sm text-slate-800">
          Nothing here can confirm it's you. Sign out and sign in again, then do this within {ask.ttlMinutes} minutes.
        </p>
      ) : null}
    </div>
  );
}

/** What the kept form will send, shown before the person proves anything: no hidden surprises on a shared screen. */
function Confirming({ fields }: { fields: [string, string][] }) {
  const shown = fields.filter(([name]) => name !== "intent" && name !== "redirectTo");
  if (!shown.length) return null;
  return (
    <div className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className="font-medium text-slate-700">What will be sent</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {shown.map(([name, value], i) => (
          <div key={`${name}-${i}`} className="contents">
            <dt className="text-slate-600">{name}</dt>
            <dd className="break-all text-slate-900">{value.length > 120 ? `${value.slice(0, 120)}…` : value || "(empty)"}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
