import type { FieldMetadata } from "@conform-to/react";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from "~/models/webhook-events";
import { TextField } from "./field";

/** Name, address and events: the same fields to add a webhook and to edit one. */
export function WebhookFields({
  fields,
  events,
}: {
  fields: { name: FieldMetadata<string | undefined>; url: FieldMetadata<string | undefined>; events: FieldMetadata<string[] | undefined> };
  events: readonly string[];
}) {
  const error = fields.events.errors?.[0];
  return (
    <>
      <TextField label="Name" meta={fields.name} autoComplete="off" />
      <TextField
        label="Address (URL)"
        meta={fields.url}
        autoComplete="off"
        hint="Receives a POST with JSON for each event, signed as Standard Webhooks describes."
      />
      <fieldset className="space-y-1" aria-describedby={error ? fields.events.errorId : undefined}>
        <legend className="text-sm font-medium text-slate-700">Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name={fields.events.name} value={type} defaultChecked={events.includes(type)} className="mt-1" />
            <span>
              {WEBHOOK_EVENTS[type].label} <code className="text-xs text-slate-600">{type}</code>
            </span>
          </label>
        ))}
        {error ? (
          <p id={fields.events.errorId} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

/** The signing secret, in the answer that made it: shown once. */
export function SecretShown({ secret, name }: { secret: string; name: string }) {
  return (
    <section role="status" className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-4 text-sm">
      <p className="font-medium">Signing secret of "{name}". Copy it now into the receiver: it won't be shown again.</p>
      <label htmlFor="webhook-secret" className="sr-only">
        Signing secret
      </label>
      <input
        id="webhook-secret"
        readOnly
        value={secret}
        onFocus={(e) => e.currentTarget.select()}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
      />
      <p className="text-xs text-slate-600">
        Check each message's <code>webhook-signature</code> with it (any Standard Webhooks library does).
      </p>
    </section>
  );
}
