import { Form } from "@remix-run/react";
import { Button, Section } from "./ui";

/** "Create reset link": a one-time link, valid for an hour, shown once to copy (works without JS). */
export function ResetLinkSection({ link }: { link: string | null }) {
  return (
    <Section title="Reset link">
      <Form method="post" className="space-y-2">
        <input type="hidden" name="intent" value="reset-link" />
        <p className="text-xs text-slate-500">The person opens it to choose a new password themselves. It works once, for one hour.</p>
        <Button variant="secondary">Create reset link</Button>
      </Form>
      {link ? (
        <div className="space-y-1">
          <label htmlFor="reset-link" className="block text-sm font-medium">
            Copy this link now: it is shown only once.
          </label>
          <input
            id="reset-link"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm"
          />
        </div>
      ) : null}
    </Section>
  );
}
