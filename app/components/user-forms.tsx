import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form } from "@remix-run/react";
import { ProfileSchema, ResetPasswordSchema } from "~/forms/users";
import { ConfirmDelete } from "./confirm-delete";
import { formErrorsOf, TextField } from "./field";
import { FormErrors } from "./form-errors";
import { NewPasswordField } from "./password-field";
import { GroupChoices } from "./group-choices";
import type { PermissionChoice } from "~/permissions/definitions";
import { PermissionChecklist } from "./permission-checklist";
import { Button, Section } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

/** Form-level errors of a simple form (no per-field errors). */

function Intent({ value }: { value: string }) {
  return <input type="hidden" name="intent" value={value} />;
}

export function ProfileForm({
  user,
  service = false,
  lastResult,
}: {
  user: { username: string; displayName: string | null; email: string | null; avatarUrl: string | null };
  /** A service account's (ADR 040): a name and a description, no email address. */
  service?: boolean;
  lastResult: Result;
}) {
  const [form, fields] = useValibotForm("profile", ProfileSchema, lastResult, {
    username: user.username,
    displayName: user.displayName ?? "",
    email: user.email ?? "",
    avatarUrl: user.avatarUrl ?? "",
  });
  return (
    <Section title="Profile">
      <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
        <Intent value="profile" />
        <FormErrors errors={form.errors} />
        <TextField label={service ? "Name" : "Username"} meta={fields.username} autoComplete="off" />
        <TextField label={service ? "Description" : "Display name"} meta={fields.displayName} autoComplete="off" />
        {service ? null : <TextField label="Email" meta={fields.email} type="email" autoComplete="off" />}
        <TextField label="Avatar URL" meta={fields.avatarUrl} autoComplete="off" />
        <Button>Save profile</Button>
      </Form>
    </Section>
  );
}

export function StatusForm({
  status,
  isSelf,
  lastResult,
  service = false,
}: {
  status: string;
  isSelf: boolean;
  lastResult: Result;
  /** A service account's (ADR 040): it has keys, never sessions. */
  service?: boolean;
}) {
  return (
    <Section title="Status">
      <Form method="post" className="space-y-3">
        <Intent value="status" />
        <FormErrors errors={formErrorsOf(lastResult)} />
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Status</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="status" value="active" defaultChecked={status === "active"} /> Active
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="status" value="inactive" defaultChecked={status === "inactive"} /> Inactive
          </label>
        </fieldset>
        <p className="text-xs text-slate-500">
          {service
            ? "An inactive service account's API keys end at once (for good: making it active again revives none)."
            : "Inactive users can't sign in, and their sessions and API keys end at once (for good: making them active again revives neither)."}
          {isSelf ? " This is your own account." : ""}
        </p>
        <Button>Save status</Button>
      </Form>
    </Section>
  );
}

export function GroupsForm({
  groups,
  checked,
  lastResult,
}: {
  groups: Array<{ id: string; name: string; reserved: boolean }>;
  checked: string[];
  lastResult: Result;
}) {
  return (
    <Section title="Groups">
      <Form method="post" className="space-y-3">
        <Intent value="groups" />
        <FormErrors errors={formErrorsOf(lastResult)} />
        <GroupChoices groups={groups} checked={checked} />
        <Button>Save groups</Button>
      </Form>
    </Section>
  );
}

export function PermissionsForm({
  choices,
  direct,
  inherited,
  lastResult,
}: {
  choices: PermissionChoice[];
  direct: string[];
  inherited: Record<string, string[]>;
  lastResult: Result;
}) {
  return (
    <Section title="Permissions">
      <Form method="post" className="space-y-3">
        <Intent value="permissions" />
        <FormErrors errors={formErrorsOf(lastResult)} />
        <p className="text-xs text-slate-500">Ticked: given to this user directly. Groups may grant more.</p>
        <PermissionChecklist choices={choices} checked={direct} inherited={inherited} />
        <Button>Save permissions</Button>
      </Form>
    </Section>
  );
}

/** An admin sets someone's password: the hint judges it with *their* username, as the form's check will. */
export function PasswordForm({ lastResult, username }: { lastResult: Result; username: string }) {
  const [form, fields] = useValibotForm("password", ResetPasswordSchema, lastResult);
  return (
    <Section title="Reset password">
      <Form method="post" {...getFormProps(form)} aria-label="Reset password" className="max-w-md space-y-3">
        <Intent value="password" />
        <FormErrors errors={form.errors} />
        <NewPasswordField label="New password" meta={fields.password} username={username} />
        <TextField label="Confirm new password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <p className="text-xs text-slate-500">Their sessions and API keys end.</p>
        <Button>Reset password</Button>
      </Form>
    </Section>
  );
}

export function DeleteUserSection({
  username,
  isSelf,
  confirming,
  lastResult,
  workingKeys = 0,
  service = false,
}: {
  username: string;
  isSelf: boolean;
  confirming: boolean;
  lastResult: Result;
  /** Their API keys that still work: they end with the account (ADR 040: move them first). */
  workingKeys?: number;
  service?: boolean;
}) {
  if (isSelf) return null;
  return (
    <ConfirmDelete
      what={service ? "service account" : "user"}
      name={username}
      confirming={confirming}
      lastResult={lastResult}
      question={
        <>
          Delete <strong>{username}</strong> for good?{" "}
          {service ? "Its API keys end and its memberships are removed." : "Their sessions end and their memberships are removed."}
          {workingKeys ? (
            <>
              {" "}
              {workingKeys === 1 ? "Their working API key stops" : `Their ${workingKeys} working API keys stop`} too: to keep an automation
              running, move {workingKeys === 1 ? "it" : "them"} to a service account first (API keys, above).
            </>
          ) : null}
        </>
      }
    />
  );
}
