import { Form } from "@remix-run/react";
import { FormErrors } from "./form-errors";
import { Button, Section, INLINE_CONTROL } from "./ui";

import { DIRECTORY_PROVIDERS, DIRECTORY_PROVIDER_LABELS, type DirectoryProvider } from "~/auth/directory-provider";

type Provider = DirectoryProvider;

export const PROVIDER_LABELS = DIRECTORY_PROVIDER_LABELS;

/**
 * Directory and provider groups whose members join this local group at sign-in. Each entry is for one
 * provider; a matching name alone gives nothing (people can make their own groups at some providers).
 */
export function DirectoryGroupsSection({
  mappings,
  providers,
  errors,
}: {
  mappings: Array<{ provider: Provider; name: string }>;
  /** The providers that are on; both are offered when neither is. */
  providers: Provider[];
  errors?: string[];
}) {
  const offered: Provider[] = providers.length ? providers : [...DIRECTORY_PROVIDERS];
  return (
    <Section title="Directory groups">
      <p className="text-xs text-slate-500">
        People who sign in through LDAP, OpenID Connect or a trusted proxy join this group when they belong to a group listed here for that
        provider, and leave it when they no longer do. A directory or provider group with this group's name gives nothing by itself. LDAP
        names match whatever their case; OpenID Connect and proxy names must match exactly.
      </p>
      {providers.length ? null : (
        <p className="text-xs text-slate-500">No LDAP, OpenID Connect or proxy sign-in is on: these have no effect until one is.</p>
      )}
      <FormErrors errors={errors} />
      <ul className="space-y-1">
        {mappings.map(({ provider, name }) => (
          <li key={`${provider}:${name}`} className="flex items-center gap-3 text-sm">
            <span className="w-32 text-slate-600">{PROVIDER_LABELS[provider]} group</span>
            <code>{name}</code>
            <Form method="post">
              <input type="hidden" name="intent" value="unmap-directory-group" />
              <input type="hidden" name="provider" value={provider} />
              <input type="hidden" name="directoryGroup" value={name} />
              <Button variant="secondary" aria-label={`Remove ${PROVIDER_LABELS[provider]} group ${name}`}>
                Remove
              </Button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="map-directory-group" />
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Provider</span>
          <select name="provider" defaultValue={offered[0]} className={INLINE_CONTROL}>
            {offered.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Directory group name</span>
          <input name="directoryGroup" autoComplete="off" className={INLINE_CONTROL} />
        </label>
        <Button variant="secondary">Add directory group</Button>
      </Form>
    </Section>
  );
}
