import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useScripted } from "~/utils/hydration";
import { CreateApiKeySchema } from "~/forms/api-keys";
import type { PermissionKey } from "~/permissions/definitions";
import { CheckboxField, TextField, focusIfWrong } from "./field";
import { FormErrors } from "./form-errors";
import { PERMISSION_LABELS } from "./permission-checklist";
import { Button, formatDate, Section, TableBox, INLINE_CONTROL } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

/** The new key, once: a read-only field anyone can select, and a Copy button once scripts run. */
export function NewKeyShown({ token, description }: { token: string; description: string }) {
  const scripted = useScripted();
  const [copied, setCopied] = useState(false);
  return (
    <section role="status" className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-4 text-sm">
      <p className="font-medium">Key "{description}" created. Copy it now: it won't be shown again.</p>
      <div className="flex gap-2">
        <label htmlFor="new-api-key" className="sr-only">
          Your new API key
        </label>
        <input
          id="new-api-key"
          readOnly
          // Shown once, in the answer to a submit: the cursor lands in it, selected, ready to copy.
          autoFocus
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
        />
        {scripted ? (
          <button
            type="button"
            className="rounded border border-slate-300 bg-white px-3 py-1"
            onClick={() => void navigator.clipboard?.writeText(token).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        ) : null}
      </div>
      <p className="text-xs text-slate-600">
        Use it as <code>Authorization: Bearer &lt;key&gt;</code> (or an <code>ApiKey</code> header).
      </p>
    </section>
  );
}

function defaultExpiry(): string {
  return new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export function CreateApiKeyForm({
  held,
  isAdmin,
  lastResult,
  owner,
}: {
  held: PermissionKey[];
  isAdmin: boolean;
  lastResult: Result;
  /** A service account's name, when the key is made for it (ADR 040); else the key is the asker's own. */
  owner?: string;
}) {
  const [form, fields] = useValibotForm("create-api-key", CreateApiKeySchema, lastResult, { expiresOn: defaultExpiry() });
  return (
    <Section title="Create API key">
      <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-3">
        <input type="hidden" name="intent" value="create" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="Description" meta={fields.description} autoComplete="off" />
        <div className="space-y-1">
          <label htmlFor={fields.expiresOn.id} className="block text-sm font-medium text-slate-700">
            Expires on
          </label>
          <input
            type="date"
            id={fields.expiresOn.id}
            name={fields.expiresOn.name}
            defaultValue={fields.expiresOn.initialValue as string}
            aria-invalid={fields.expiresOn.errors ? true : undefined}
            aria-describedby={fields.expiresOn.errors ? fields.expiresOn.errorId : undefined}
            {...focusIfWrong(fields.expiresOn.errors)}
            className={INLINE_CONTROL}
          />
          {fields.expiresOn.errors ? (
            <p id={fields.expiresOn.errorId} className="text-sm text-red-700">
              {fields.expiresOn.errors.join(" ")}
            </p>
          ) : null}
        </div>
        {isAdmin ? <CheckboxField label="Never expires (administrators only)" meta={fields.never} /> : null}
        <fieldset className="space-y-1" aria-describedby={fields.permissions.errors ? fields.permissions.errorId : undefined}>
          <legend className="text-sm font-medium text-slate-700">Permissions for the key</legend>
          {held.length === 0 ? (
            <p className="text-xs text-slate-500">{owner ? `${owner} holds` : "You hold"} no global permissions to pass on.</p>
          ) : null}
          {held.map((key) => (
            <label key={key} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={fields.permissions.name} value={key} />
              {PERMISSION_LABELS[key]} <code className="text-xs text-slate-500">{key}</code>
            </label>
          ))}
          {fields.permissions.errors ? (
            <p id={fields.permissions.errorId} className="text-sm text-red-700">
              {fields.permissions.errors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <CheckboxField
          label={owner ? `Act on boards and integrations as ${owner}` : "Act on boards and integrations as me"}
          meta={fields.actAsOwner}
          hint={
            owner
              ? `Without it the key reaches only what its permissions above (and public boards) allow; with it, also what was shared with ${owner}.`
              : "Without it the key reaches only what its permissions above (and public boards) allow; with it, also what was shared with you or you created."
          }
        />
        <p className="text-xs text-slate-500">
          {owner
            ? `A key never does more than ${owner} can at the moment it is used: if it loses a permission, its keys lose it too.`
            : "A key never does more than you can at the moment it is used: if you lose a permission, your keys lose it too."}
        </p>
        <Button>Create API key</Button>
      </Form>
    </Section>
  );
}

export interface ApiKeyView {
  id: string;
  username: string;
  description: string;
  permissions: string[];
  actAsOwner: boolean;
  createdAt: string | Date;
  expiresAt: string | Date | null;
  lastUsedAt: string | Date | null;
  lastUsedIp: string | null;
  status: string;
}

export function ApiKeyTable({
  keys,
  showOwner,
  confirming,
  errors,
}: {
  keys: ApiKeyView[];
  showOwner: boolean;
  confirming: string | null;
  errors?: string[];
}) {
  if (!keys.length)
    return <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No API keys yet.</p>;
  return (
    <div className="space-y-2">
      <FormErrors errors={errors} />
      <TableBox>
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1.5 font-medium">Key</th>
              {showOwner ? <th className="py-1.5 font-medium">Owner</th> : null}
              <th className="py-1.5 font-medium">Description</th>
              <th className="py-1.5 font-medium">Created</th>
              <th className="py-1.5 font-medium">Expires</th>
              <th className="py-1.5 font-medium">Last used</th>
              <th className="py-1.5 font-medium">Status</th>
              <th className="py-1.5">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {keys.map((k) => (
              <tr key={k.id}>
                <td className="py-1.5 font-mono text-xs">porch_{k.id}_…</td>
                {showOwner ? <td className="py-1.5">{k.username}</td> : null}
                <td className="py-1.5">
                  {k.description}
                  <span className="block text-xs text-slate-500">
                    {[...k.permissions, ...(k.actAsOwner ? ["acts as owner"] : [])].join(", ") || "no permissions"}
                  </span>
                </td>
                <td className="py-1.5">{formatDate(k.createdAt)}</td>
                <td className="py-1.5">{k.expiresAt ? formatDate(k.expiresAt) : "never"}</td>
                <td className="py-1.5">{k.lastUsedAt ? `${formatDate(k.lastUsedAt)} from ${k.lastUsedIp ?? "?"}` : "never"}</td>
                <td className="py-1.5">{k.status}</td>
                <td className="py-1.5 text-right">
                  {k.status !== "active" ? null : confirming === k.id ? (
                    <Form method="post" className="flex items-center justify-end gap-2">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="keyId" value={k.id} />
                      <Button variant="danger">Yes, revoke</Button>
                      <Link to="?" className="text-xs underline">
                        Cancel
                      </Link>
                    </Form>
                  ) : (
                    <Link to={`?revoke=${k.id}`} className="text-xs text-red-800 underline" aria-label={`Revoke ${k.description}`}>
                      Revoke
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </div>
  );
}
