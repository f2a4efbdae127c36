import { Form } from "@remix-run/react";
import { FormErrors } from "./field";
import { Button, Section } from "./ui";

/** Directory groups whose members join this local group at sign-in (besides a group of the same name). */
export function DirectoryGroupsSection({ names, errors }: { names: string[]; errors?: string[] }) {
  return (
    <Section title="Directory groups">
      <p className="text-xs text-slate-500">
        Directory (LDAP) and OpenID Connect users are put into this group when they belong to a directory or provider group of the same name, or to one listed here.
      </p>
      <FormErrors errors={errors} />
      <ul className="space-y-1">
        {names.map((name) => (
          <li key={name} className="flex items-center gap-3 text-sm">
            <code>{name}</code>
            <Form method="post">
              <input type="hidden" name="intent" value="unmap-directory-group" />
              <input type="hidden" name="directoryGroup" value={name} />
              <Button variant="secondary" aria-label={`Remove directory group ${name}`}>Remove</Button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="flex items-end gap-2">
        <input type="hidden" name="intent" value="map-directory-group" />
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Directory group name</span>
          <input name="directoryGroup" className="rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <Button variant="secondary">Add directory group</Button>
      </Form>
    </Section>
  );
}
