import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form } from "@remix-run/react";
import { RenameGroupSchema } from "~/forms/groups";
import { ConfirmDelete } from "./confirm-delete";
import { formErrorsOf, TextField } from "./field";
import { FormErrors } from "./form-errors";
import type { PermissionChoice } from "~/permissions/definitions";
import { PermissionChecklist } from "./permission-checklist";
import { Button, Section } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

export function RenameGroupForm({ group, lastResult }: { group: { name: string; description: string | null }; lastResult: Result }) {
  const [form, fields] = useValibotForm("rename", RenameGroupSchema, lastResult, {
    name: group.name,
    description: group.description ?? "",
  });
  return (
    <Section title="Name">
      <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
        <input type="hidden" name="intent" value="rename" />
        <FormErrors errors={form.errors} />
        <TextField label="Name" meta={fields.name} autoComplete="off" />
        <TextField label="Description" meta={fields.description} autoComplete="off" />
        <Button>Save</Button>
      </Form>
    </Section>
  );
}

export function MembersSection({
  members,
  search,
  matches,
  lastResult,
}: {
  members: Array<{ id: string; username: string; displayName: string | null }>;
  search: string;
  matches: string[];
  lastResult: Result;
}) {
  const memberNames = new Set(members.map((m) => m.username.toLowerCase()));
  return (
    <Section title={`Members (${members.length})`}>
      <FormErrors errors={formErrorsOf(lastResult) ?? lastResult?.error?.username ?? undefined} />
      {members.length === 0 ? <p className="text-sm text-slate-600">No members yet.</p> : null}
      <ul className="divide-y divide-slate-200">
        {members.map((m) => (
          <li key={m.id} className="flex items-center justify-between py-1.5 text-sm">
            <span>
              {m.username}
              {m.displayName ? <span className="text-slate-500"> · {m.displayName}</span> : null}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="remove-member" />
              <input type="hidden" name="userId" value={m.id} />
              <Button variant="secondary" aria-label={`Remove ${m.username}`}>
                Remove
              </Button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="get" className="flex gap-2" role="search">
        <label htmlFor="member-search" className="sr-only">
          Find a user to add
        </label>
        <input
          // A new search (or none, after adding someone) starts from the URL's, not from what was typed.
          key={search}
          id="member-search"
          name="member"
          type="search"
          autoComplete="off"
          defaultValue={search}
          placeholder="Find a user to add"
          className="w-full max-w-xs rounded border border-slate-300 px-3 py-1.5 text-sm"
        />
        <Button variant="secondary">Find</Button>
      </Form>
      {search ? (
        matches.length ? (
          <ul className="space-y-1">
            {matches.map((username) => (
              <li key={username} className="flex items-center gap-3 text-sm">
                <span>{username}</span>
                {memberNames.has(username.toLowerCase()) ? (
                  <span className="text-xs text-slate-500">already a member</span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="add-member" />
                    <input type="hidden" name="username" value={username} />
                    <Button variant="secondary" aria-label={`Add ${username}`}>
                      Add
                    </Button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No username starts with that.</p>
        )
      ) : null}
    </Section>
  );
}

export function GroupPermissionsForm({
  choices,
  permissions,
  lastResult,
}: {
  choices: PermissionChoice[];
  permissions: string[];
  lastResult: Result;
}) {
  return (
    <Section title="Permissions">
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="permissions" />
        <FormErrors errors={formErrorsOf(lastResult)} />
        <PermissionChecklist choices={choices} checked={permissions} />
        <Button>Save permissions</Button>
      </Form>
    </Section>
  );
}

export function DeleteGroupSection({ name, confirming, lastResult }: { name: string; confirming: boolean; lastResult: Result }) {
  return (
    <ConfirmDelete
      what="group"
      name={name}
      confirming={confirming}
      lastResult={lastResult}
      question={
        <>
          Delete the group <strong>{name}</strong>? Its members lose what it granted them.
        </>
      }
    />
  );
}
