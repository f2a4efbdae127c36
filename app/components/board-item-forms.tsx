import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Form, Link } from "@remix-run/react";
import { getTextareaProps } from "@conform-to/react";
import { AddAppSchema, AddNoteSchema, EditAppSchema, EditNoteSchema } from "~/forms/boards";
import type { BoardItem } from "~/models/boards.server";
import { CheckboxField, FormErrors, TextField } from "./field";
import { Button } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

/** Add or edit an app: title, URL, icon URL, new tab. */
export function AppForm({ item, lastResult }: { item?: BoardItem; lastResult: Result }) {
  const schema = item ? EditAppSchema : AddAppSchema;
  const [form, fields] = useForm({
    id: item ? `edit-${item.id}` : "add-app",
    lastResult,
    defaultValue: item ? { title: item.title, url: item.url, iconUrl: item.iconUrl ?? "", newTab: item.newTab ? "on" : undefined } : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-3" aria-label={item ? "Edit app" : "Add an app"}>
      <input type="hidden" name="intent" value={item ? "edit-app" : "add-app"} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField label="App title" meta={fields.title} autoComplete="off" />
      <TextField label="App URL" meta={fields.url} autoComplete="off" />
      <TextField label="Icon URL (optional)" meta={fields.iconUrl} autoComplete="off" />
      <CheckboxField label="Open in a new tab" meta={fields.newTab} />
      <div className="flex gap-2">
        <Button>{item ? "Save app" : "Add app"}</Button>
        {item ? <Link to="?" className="px-3 py-1.5 text-sm underline">Cancel</Link> : null}
      </div>
    </Form>
  );
}

/** Add or edit a note: plain text, line breaks kept. */
export function NoteForm({ item, lastResult }: { item?: BoardItem; lastResult: Result }) {
  const schema = item ? EditNoteSchema : AddNoteSchema;
  const [form, fields] = useForm({
    id: item ? `edit-${item.id}` : "add-note",
    lastResult,
    defaultValue: item ? { body: item.body } : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-3" aria-label={item ? "Edit note" : "Add a note"}>
      <input type="hidden" name="intent" value={item ? "edit-note" : "add-note"} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <div className="space-y-1">
        <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-700">Note</label>
        <textarea {...getTextareaProps(fields.body, { ariaAttributes: true })} rows={3}
          className="block w-full rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600" />
        {fields.body.errors?.length ? <p id={fields.body.errorId} className="text-sm text-red-700">{fields.body.errors.join(" ")}</p> : null}
      </div>
      <div className="flex gap-2">
        <Button>{item ? "Save note" : "Add note"}</Button>
        {item ? <Link to="?" className="px-3 py-1.5 text-sm underline">Cancel</Link> : null}
      </div>
    </Form>
  );
}
