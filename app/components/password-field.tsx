import type { FieldMetadata } from "@conform-to/react";
import { useEffect } from "react";
import { TextField } from "./field";

const HINT_SCRIPT = "/password-hint.js";

/**
 * A new-password field with a live hint: public/password-hint.js asks the server what its policy says
 * of the password being typed (/api/password-check, ADR 029), so the page loads no estimator. The
 * script fills the hint's text and `data-verdict`; React renders the element empty and never touches it.
 * Without JavaScript the server's answer appears beside the field on submit, as for every field.
 */
export function NewPasswordField({
  label,
  meta,
  username,
  usernameField,
  link,
}: {
  label: string;
  meta: FieldMetadata<string | undefined>;
  /** The account's name when the page knows it (own account, a reset link). */
  username?: string;
  /** Else the name of the form's field where it is being typed. */
  usernameField?: string;
  /** For a visitor who isn't signed in: the link they hold (`invite <token>`, `reset <token>`). */
  link?: string;
}) {
  const hintId = `${meta.id}-hint`;
  useEffect(() => {
    // A script React inserts while navigating never runs: load it by hand then. In a document that came
    // with the field, the deferred script ran before React hydrated (it says so on window).
    if ((window as { porchPasswordHint?: boolean }).porchPasswordHint) return;
    const script = document.createElement("script");
    script.src = HINT_SCRIPT;
    document.head.append(script);
  }, []);
  return (
    <div>
      <TextField
        label={label}
        meta={meta}
        type="password"
        autoComplete="new-password"
        data={{
          "data-password-hint": hintId,
          "data-username": username,
          "data-username-field": usernameField,
          "data-password-link": link,
        }}
      />
      <p
        id={hintId}
        aria-live="polite"
        className="min-h-4 text-xs data-[verdict=fair]:text-amber-700 data-[verdict=good]:text-emerald-700 data-[verdict=problem]:text-red-700 data-[verdict=strong]:text-emerald-800"
      />
      <script src={HINT_SCRIPT} defer />
    </div>
  );
}
