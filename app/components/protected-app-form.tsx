import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ProtectedAppSchema } from "~/forms/protected-apps";
import { useValibotForm } from "~/forms/use-valibot-form";
import { TextField } from "./field";
import { FormErrors } from "./form-errors";
import { Button } from "./ui";

/** An origin and an optional path prefix: what forward auth guards. */
export function ProtectedAppForm({
  app,
  lastResult,
  submitLabel,
}: {
  app?: { origin: string; pathPrefix: string };
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
}) {
  const [form, fields] = useValibotForm("protected-app", ProtectedAppSchema, lastResult, app);
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-3">
      <input type="hidden" name="intent" value="save" />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField
        label="Address"
        meta={fields.origin}
        autoComplete="off"
        hint="The app's origin as people open it, like https://sonarr.home.example (scheme, host and port; no path)."
      />
      <TextField
        label="Path prefix (optional)"
        meta={fields.pathPrefix}
        autoComplete="off"
        hint="Guard only this part of the host, like /admin. Empty: the whole host. The longest matching prefix decides."
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
