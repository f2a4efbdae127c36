import { Form } from "@remix-run/react";
import { OneTimeLink } from "./one-time-link";
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
      {link ? <OneTimeLink id="reset-link" link={link} /> : null}
    </Section>
  );
}
