import { Form } from "@remix-run/react";
import { NOTIFICATION_KINDS, OPTIONAL_KINDS, type NotificationKind } from "~/models/notification-kinds";
import { Button, Section } from "./ui";

/** My account → Security mails: the informational ones can be turned off; the rest are always sent. */
export function SecurityMailsForm({ off, email }: { off: readonly string[]; email: string }) {
  const always = (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).filter((k) => !NOTIFICATION_KINDS[k].optional);
  return (
    <Section title="Security mails">
      <Form method="post" className="space-y-3 text-sm">
        <input type="hidden" name="intent" value="security-mails" />
        <fieldset className="space-y-2">
          <legend className="mb-1">Email {email} when:</legend>
          {OPTIONAL_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="checkbox" name={kind} defaultChecked={!off.includes(kind)} />
              {NOTIFICATION_KINDS[kind].label}
            </label>
          ))}
        </fieldset>
        <p className="text-slate-600">
          Always sent, so you notice when someone else does it: when {always.map((k) => NOTIFICATION_KINDS[k].label).join("; ")}.
        </p>
        <Button variant="secondary">Save security mails</Button>
      </Form>
    </Section>
  );
}
