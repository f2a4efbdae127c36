import { Form, Link } from "@remix-run/react";
import { FormErrors } from "./form-errors";
import { Button, Section } from "./ui";

/** The recovery codes as a file to keep, one per line. */
export function recoveryCodesFile(codes: string[]): string {
  return ["Porch recovery codes. Each works once, in place of a code from your app.", "", ...codes, ""].join("\n");
}

export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Section title="Your recovery codes">
      <p className="text-sm">Each works once, instead of a code from your app. Keep them somewhere safe: they are shown only now.</p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {/* Save them, then say so: a file to keep (no JavaScript needed), and a way on that leaves them behind (issue #19 item 13). */}
      <div className="flex flex-wrap items-center gap-3">
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(recoveryCodesFile(codes))}`}
          download="porch-recovery-codes.txt"
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
        >
          Download as a text file
        </a>
        <Link to="/settings/security" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          I saved them
        </Link>
      </div>
    </Section>
  );
}

export function CodeInput({ id, label = "Code from your app" }: { id: string; label?: string }) {
  return (
    <label htmlFor={id} className="block text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <input
        id={id}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        className="w-40 rounded border border-slate-300 px-3 py-1.5 font-mono"
      />
    </label>
  );
}

export function PasswordInput({ id, label = "Your password" }: { id: string; label?: string }) {
  return (
    <label htmlFor={id} className="block text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        className="w-64 rounded border border-slate-300 px-3 py-1.5"
      />
    </label>
  );
}

/** Scan-or-type step: the QR code as an image (no script), the secret as text, and the first code. */
export function EnrollForm({ qr, secret, errors }: { qr: string; secret: string; errors?: string[] }) {
  return (
    <Section title="Set up two-factor sign-in">
      <ol className="list-decimal space-y-1 pl-5 text-sm">
        <li>Scan this code with an authenticator app (Aegis, 2FAS, Google Authenticator, 1Password…).</li>
        <li>
          Or type the key:{" "}
          <code className="break-all rounded bg-slate-100 px-1" data-testid="totp-secret">
            {secret}
          </code>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <img
        src={qr}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
        className="rounded border border-slate-200 bg-white"
      />
      <Form method="post" className="space-y-2">
        <input type="hidden" name="intent" value="confirm" />
        <FormErrors errors={errors} />
        <CodeInput id="confirm-code" />
        <Button>Turn on</Button>
      </Form>
    </Section>
  );
}
