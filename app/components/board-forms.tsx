import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValibotForm } from "~/forms/use-valibot-form";
import { Form } from "@remix-run/react";
import { BoardGeneralSchema, NewBoardSchema } from "~/forms/boards";
import { CheckboxField, TextField } from "./field";
import { FormErrors } from "./form-errors";
import { Button } from "./ui";

type Result = SubmissionResult<string[]> | undefined;

/** Name, title and visibility: the new-board page and the board's General settings share it. */
export function BoardGeneralForm({
  board,
  lastResult,
  submitLabel,
}: {
  board?: { name: string; title: string; isPublic: boolean };
  lastResult: Result;
  submitLabel: string;
}) {
  const schema = board ? BoardGeneralSchema : NewBoardSchema;
  const [form, fields] = useValibotForm(
    board ? "general" : "new-board",
    schema,
    lastResult,
    board ? { name: board.name, title: board.title, isPublic: board.isPublic ? "on" : undefined } : undefined,
  );
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
      {board ? <input type="hidden" name="intent" value="general" /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField label="Title" meta={fields.title} autoComplete="off" />
      <TextField label="Name (its address: /boards/name)" meta={fields.name} autoComplete="off" />
      <CheckboxField
        label="Public"
        meta={fields.isPublic}
        hint="Every signed-in user can view a public board, and so can visitors who aren't signed in while guest access is on."
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
