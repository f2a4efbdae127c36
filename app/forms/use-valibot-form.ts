import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { useLocation } from "@remix-run/react";
import { useState } from "react";
import type { GenericSchema, InferOutput } from "valibot";

/** A form's schema: an object of fields (possibly piped, as the password pairs are). */
type FormSchema = GenericSchema<unknown, Record<string, unknown>>;
import { browserConstraint } from "./constraint";

/**
 * A Conform form checked by its valibot schema: in the browser on submit, then on every input once
 * shown wrong; the server checks the same schema either way. The schema's lengths and required fields
 * become HTML attributes (browserConstraint): a browser stops typing at the maximum length and tells
 * assistive technology which fields are required, with or without JavaScript. The form itself stays
 * `noValidate` (Conform's default), so that without JavaScript a mistake is answered by the server's own
 * sentence beside the field, not by the browser's bubble in another wording.
 */
export function useValibotForm<S extends FormSchema>(
  id: string,
  schema: S,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: DefaultValue<InferOutput<S>>,
) {
  // Every submission is a navigation (a new location key), but only a success comes back without a reply
  // for the form (it redirected). Conform starts afresh when the id changes: after a success the form holds
  // its defaults again, not the last entry (one more click would add it twice); after a refusal it keeps
  // what was typed, beside the errors. The id stays as the server rendered it until then (hydration).
  const { key } = useLocation();
  const [current, setCurrent] = useState({ key, id });
  const formId = current.key === key || lastResult ? current.id : `${id}-${key}`;
  if (current.key !== key) setCurrent({ key, id: formId });
  return useForm<InferOutput<S>>({
    id: formId,
    lastResult,
    defaultValue,
    constraint: browserConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
}
