import { Form } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useScripted } from "~/utils/hydration";
import { FormErrors } from "./form-errors";
import { PasswordInput } from "./two-factor-setup";
import { Button, formatDate, INLINE_CONTROL, Section } from "./ui";

export interface ShownPasskey {
  id: string;
  name: string;
  createdAt: string | Date;
  lastUsedAt: string | Date | null;
  lastUsedOn: string | null;
  backedUp: boolean;
}

/**
 * My account → Security: the person's passkeys (rename, remove) and adding one. Adding needs the
 * browser's WebAuthn, so its form appears only where a script can run it; the list works without.
 */
export function PasskeysSection({
  passkeys,
  asksPassword,
  errorFor,
}: {
  passkeys: ShownPasskey[];
  asksPassword: boolean;
  errorFor: (intent: string) => string[] | undefined;
}) {
  return (
    <Section title="Passkeys">
      <p className="text-sm text-slate-600">
        A passkey signs you in without your password: your device checks your fingerprint, face or PIN, and it only works on this site. With
        two-factor sign-in on, it also answers the step after your password.
      </p>
      {passkeys.length ? (
        <ul className="divide-y divide-slate-200">
          {passkeys.map((p) => (
            <li key={p.id} className="space-y-2 py-3">
              <p className="text-sm">
                <span className="font-medium">{p.name}</span>
                <span className="text-slate-600">
                  {" "}
                  · added {formatDate(p.createdAt)} ·{" "}
                  {p.lastUsedAt ? `last used ${formatDate(p.lastUsedAt)} on ${p.lastUsedOn}` : "never used"}
                  {p.backedUp ? " · synced" : ""}
                </span>
              </p>
              <div className="flex flex-wrap items-end gap-3">
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="passkey-rename" />
                  <input type="hidden" name="id" value={p.id} />
                  <label className="text-sm">
                    <span className="sr-only">New name for {p.name}</span>
                    <input name="name" defaultValue={p.name} maxLength={60} required autoComplete="off" className={INLINE_CONTROL} />
                  </label>
                  <Button variant="secondary">Rename</Button>
                </Form>
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="passkey-remove" />
                  <input type="hidden" name="id" value={p.id} />
                  {asksPassword ? <PasswordInput id={`remove-${p.id}`} label={`Password, to remove ${p.name}`} /> : null}
                  <Button variant="danger">Remove</Button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm">You have no passkeys yet.</p>
      )}
      <FormErrors errors={errorFor("passkey-rename") ?? errorFor("passkey-remove")} />
      <AddPasskey asksPassword={asksPassword} errors={errorFor("passkey-add")} />
    </Section>
  );
}

function AddPasskey({ asksPassword, errors }: { asksPassword: boolean; errors?: string[] }) {
  // False on the server and while hydrating (the page reads the same as without JavaScript until then).
  const supported = useScripted() && typeof window.PublicKeyCredential === "function";
  const [problem, setProblem] = useState<string | null>(null);
  const answer = useRef<HTMLInputElement>(null);
  if (!supported) return <p className="text-sm text-slate-600">Adding a passkey needs JavaScript and a browser that supports passkeys.</p>;
  async function begin(event: FormEvent<HTMLFormElement>) {
    // The second submit carries the authenticator's answer: Remix's Form posts it.
    if (answer.current?.value) return;
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(null);
    const made = await (await import("~/browser/passkey-register")).registerPasskey(form);
    if ("error" in made) return setProblem(made.error);
    answer.current!.value = made.answer;
    form.requestSubmit();
    answer.current!.value = "";
  }
  return (
    <Form method="post" onSubmit={begin} className="space-y-2">
      <input type="hidden" name="intent" value="passkey-add" />
      <input type="hidden" name="response" ref={answer} />
      <FormErrors errors={problem ? [problem] : errors} />
      <label htmlFor="passkey-name" className="block text-sm">
        <span className="block font-medium text-slate-700">Name (optional)</span>
        <input
          id="passkey-name"
          name="name"
          maxLength={60}
          placeholder="Work laptop"
          autoComplete="off"
          className="w-64 rounded border border-slate-300 px-3 py-1.5"
        />
      </label>
      {asksPassword ? <PasswordInput id="passkey-password" label="Password, to add a passkey" /> : null}
      <Button>Add a passkey</Button>
    </Form>
  );
}
