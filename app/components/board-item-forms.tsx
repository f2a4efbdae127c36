import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form, Link } from "@remix-run/react";
import { getTextareaProps } from "@conform-to/react";
import {
  AddAppSchema,
  AddNoteSchema,
  AddWidgetSchema,
  EditAppSchema,
  EditNoteSchema,
  EditWidgetSchema,
  ItemVisibilitySchema,
} from "~/forms/boards";
import type { ItemView as BoardItem } from "~/integrations/widgets.server";
import { CheckboxField, TextField, focusIfWrong } from "./field";
import { FormErrors } from "./form-errors";
import { Button } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

/** Add or edit an app: title, URL, icon URL, new tab. */
export function AppForm({ item, lastResult }: { item?: BoardItem; lastResult: Result }) {
  const schema = item ? EditAppSchema : AddAppSchema;
  const [form, fields] = useValibotForm(
    item ? `edit-${item.id}` : "add-app",
    schema,
    lastResult,
    item ? { title: item.title, url: item.url, iconUrl: item.iconUrl ?? "", newTab: item.newTab ? "on" : undefined } : undefined,
  );
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label={item ? "Edit app" : "Add an app"}
    >
      <input type="hidden" name="intent" value={item ? "edit-app" : "add-app"} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField label="App title" meta={fields.title} autoComplete="off" />
      <TextField label="App URL" meta={fields.url} autoComplete="off" />
      <TextField label="Icon URL (optional)" meta={fields.iconUrl} autoComplete="off" />
      <CheckboxField label="Open in a new tab" meta={fields.newTab} />
      <div className="flex gap-2">
        <Button>{item ? "Save app" : "Add app"}</Button>
        {item ? (
          <Link to="?" className="px-3 py-1.5 text-sm underline">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** Add or edit a note: plain text, line breaks kept. */
export function NoteForm({ item, lastResult }: { item?: BoardItem; lastResult: Result }) {
  const schema = item ? EditNoteSchema : AddNoteSchema;
  const [form, fields] = useValibotForm(item ? `edit-${item.id}` : "add-note", schema, lastResult, item ? { body: item.body } : undefined);
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label={item ? "Edit note" : "Add a note"}
    >
      <input type="hidden" name="intent" value={item ? "edit-note" : "add-note"} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <div className="space-y-1">
        <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-700">
          Note
        </label>
        <textarea
          {...getTextareaProps(fields.body, { ariaAttributes: true })}
          {...focusIfWrong(fields.body.errors)}
          rows={3}
          className="block w-full rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
        />
        {fields.body.errors?.length ? (
          <p id={fields.body.errorId} className="text-sm text-red-700">
            {fields.body.errors.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button>{item ? "Save note" : "Add note"}</Button>
        {item ? (
          <Link to="?" className="px-3 py-1.5 text-sm underline">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** Add or edit an integration widget: which integration (of those you may use), a title, and its field. */
export function WidgetForm({
  item,
  integrations,
  lastResult,
  canConnect = false,
}: {
  item?: { id: string; title: string | null; integrationId?: string | null; options: Record<string, string> };
  integrations: Array<{ id: string; name: string; kind: string }>;
  lastResult: Result;
  /** Whether the editor may connect a new integration (integration-create): then the empty state offers it. */
  canConnect?: boolean;
}) {
  const schema = item ? EditWidgetSchema : AddWidgetSchema;
  const [form, fields] = useValibotForm(
    item ? `edit-${item.id}` : "add-widget",
    schema,
    lastResult,
    item ? { integrationId: item.integrationId ?? "", title: item.title ?? "", field: item.options.field ?? "" } : undefined,
  );
  if (!integrations.length) {
    return canConnect ? (
      <p className="text-sm text-slate-600">
        No integration to show yet.{" "}
        <Link to="/manage/integrations/new" className="font-medium underline">
          Connect one
        </Link>{" "}
        (a service such as Pi-hole or a status page), then come back to place it here.
      </p>
    ) : (
      <p className="text-sm text-slate-600">No integration you may use yet. Someone with access can share one with you.</p>
    );
  }
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label={item ? "Edit widget" : "Add a widget"}
    >
      <input type="hidden" name="intent" value={item ? "edit-widget" : "add-widget"} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <div className="space-y-1">
        <label htmlFor={fields.integrationId.id} className="block text-sm font-medium text-slate-700">
          Integration
        </label>
        <select
          id={fields.integrationId.id}
          name={fields.integrationId.name}
          defaultValue={fields.integrationId.initialValue as string}
          aria-invalid={fields.integrationId.errors ? true : undefined}
          {...focusIfWrong(fields.integrationId.errors)}
          className="block w-full rounded border border-slate-300 px-2 py-1.5"
        >
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({i.kind})
            </option>
          ))}
        </select>
        {fields.integrationId.errors ? <p className="text-sm text-red-700">{fields.integrationId.errors.join(" ")}</p> : null}
      </div>
      <TextField label="Widget title (optional)" meta={fields.title} autoComplete="off" />
      <TextField label="Field to show (JSON API only, like stats.queries)" meta={fields.field} autoComplete="off" />
      <div className="flex gap-2">
        <Button>{item ? "Save widget" : "Add widget"}</Button>
        {item ? (
          <Link to="?" className="px-3 py-1.5 text-sm underline">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/**
 * "Who sees it": everyone who sees the board, or only the groups ticked and the people named. The
 * board's editors see every item either way.
 */
export function VisibilityForm({
  item,
  groups,
  lastResult,
}: {
  item: BoardItem;
  groups: Array<{ id: string; name: string }>;
  lastResult: Result;
}) {
  const audience = item.visibleTo ?? null;
  const [form, fields] = useValibotForm(`visibility-${item.id}`, ItemVisibilitySchema, lastResult, {
    audience: audience ? "some" : "everyone",
    groups: audience?.groups.map((g) => g.id) ?? [],
    users: audience?.users.map((u) => u.username).join(", ") ?? "",
  });
  const chosen = (fields.groups.initialValue as string[] | undefined) ?? [];
  const label = item.title ?? (item.kind === "note" ? "this note" : "this item");
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label={`Who sees ${label}`}
    >
      <input type="hidden" name="intent" value="set-visibility" />
      <input type="hidden" name="itemId" value={item.id} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Who sees {label}</legend>
        {(["everyone", "some"] as const).map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" name={fields.audience.name} value={value} defaultChecked={fields.audience.initialValue === value} />
            {value === "everyone" ? "Everyone who sees the board" : "Only the groups and people below"}
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Groups</legend>
        {groups.map((g) => (
          <label key={g.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={fields.groups.name} value={g.id} defaultChecked={chosen.includes(g.id)} />
            {g.name === "everyone" ? "everyone (every signed-in person, not guests)" : g.name}
          </label>
        ))}
        {fields.groups.errors ? <p className="text-sm text-red-700">{fields.groups.errors.join(" ")}</p> : null}
      </fieldset>
      <TextField label="People (usernames, separated by commas)" meta={fields.users} autoComplete="off" />
      <p className="text-xs text-slate-600">The board&apos;s editors see every item, with who it is for.</p>
      <div className="flex gap-2">
        <Button>Save</Button>
        <Link to="?mode=edit" className="px-3 py-1.5 text-sm underline">
          Cancel
        </Link>
      </div>
    </Form>
  );
}
