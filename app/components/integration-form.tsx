import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { IntegrationSchema } from "~/forms/integrations";
import type { KindInfo } from "~/integrations/kind";
import { TextField } from "./field";
import { FormErrors } from "./form-errors";
import { Button } from "./ui";

/**
 * Name, URL and the kind's secrets. Secrets are write-only: the page only ever says "set" or
 * "not set"; typing a value replaces it, "Clear" removes it, leaving it blank keeps it. Secrets go only
 * to the URL they were entered for: beside the URL the form says so, warns (with JavaScript) when
 * another URL is typed, and says after a save that changed it that they were cleared.
 */
export function IntegrationForm({
  kind,
  integration,
  secretsSet,
  lastResult,
  submitLabel,
  moved = false,
}: {
  kind: KindInfo;
  integration?: { name: string; url: string };
  secretsSet: Record<string, string>;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  /** The last save changed the URL and cleared the stored secrets. */
  moved?: boolean;
}) {
  const saved = integration?.url ?? null;
  const [typed, setTyped] = useState<string | null>(null);
  const anySet = Object.keys(secretsSet).length > 0;
  const [form, fields] = useValibotForm("integration", IntegrationSchema, lastResult, integration);
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="max-w-lg space-y-3"
      onInput={(e) => {
        const input = e.target as HTMLInputElement;
        if (input.name === "url") setTyped(input.value.trim());
      }}
    >
      <input type="hidden" name="intent" value="save" />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField label="Name" meta={fields.name} autoComplete="off" />
      <TextField
        label="URL"
        meta={fields.url}
        autoComplete="off"
        hint={
          kind.secrets.length ? (
            <span data-testid="url-hint">
              {moved ? (
                <strong className="block text-amber-800">
                  The URL changed: the stored secrets were cleared. Type them again to use them here.
                </strong>
              ) : null}
              {saved
                ? `Secrets are sent only to ${saved}: saving another URL (another path on the same host too) clears them, unless you type them again in the same save.`
                : "Secrets are sent only to this exact URL."}
              {saved && anySet && typed && typed !== saved ? (
                <strong className="block text-amber-800">
                  That is another URL: saving clears the stored secrets unless you type them again.
                </strong>
              ) : null}
            </span>
          ) : undefined
        }
      />
      {kind.secrets.length ? (
        <fieldset className="space-y-3 rounded border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Secrets (stored encrypted, never shown again)</legend>
          {kind.secrets.map((s) => {
            const set = Boolean(secretsSet[s.field]);
            return (
              <div key={s.field} className="space-y-1">
                <label htmlFor={`secret-${s.field}`} className="block text-sm font-medium text-slate-700">
                  {s.label} <span className="font-normal text-slate-500">({set ? "set" : "not set"})</span>
                </label>
                <input
                  id={`secret-${s.field}`}
                  name={`secret.${s.field}`}
                  type={s.visible ? "text" : "password"}
                  autoComplete={s.visible ? "off" : "new-password"}
                  placeholder={set ? "Leave blank to keep it" : ""}
                  className="block w-full rounded border border-slate-300 px-3 py-2"
                />
                {s.help ? <p className="text-xs text-slate-500">{s.help}</p> : null}
                {lastResult?.error?.[`secret.${s.field}`]?.length ? (
                  <p className="text-sm text-red-700">{lastResult.error[`secret.${s.field}`]!.join(" ")}</p>
                ) : null}
                {set ? (
                  <label className="flex items-center gap-2 text-xs">
                    <input type="checkbox" name={`clear.${s.field}`} /> Clear {s.label}
                  </label>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <Button>{submitLabel}</Button>
    </Form>
  );
}
