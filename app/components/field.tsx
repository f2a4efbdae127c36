import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";

/** A labelled input with its error right beside it, wired for screen readers. */
export function TextField({
  label,
  meta,
  type = "text",
  autoComplete,
  autoFocus,
  hint,
  data,
}: {
  label: string;
  meta: FieldMetadata<string | undefined>;
  type?: "text" | "password" | "email";
  autoComplete?: string;
  /** Default: when the field shows an error (below). */
  autoFocus?: boolean;
  /** A sentence beside the field, before and after submitting (not an error). */
  hint?: ReactNode;
  /** `data-*` attributes for the input, for a script that enhances it. */
  data?: Record<`data-${string}`, string | undefined>;
}) {
  const errorId = meta.errorId;
  return (
    <div className="space-y-1">
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        {...getInputProps(meta, { type, ariaAttributes: true })}
        autoComplete={autoComplete}
        // After a refused submit the cursor waits in the first wrong field (issue #19): every wrong field
        // asks, and the browser gives it to the first in the page. With JavaScript, Conform does the same.
        autoFocus={autoFocus ?? Boolean(meta.errors?.length)}
        {...data}
        className="block w-full rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
      />
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      {meta.errors?.length ? (
        <p id={errorId} className="text-sm text-red-700">
          {meta.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/**
 * For a control drawn by hand (not TextField): after a refused submit the first wrong field in the page
 * takes the cursor, with or without JavaScript (every wrong field asks; the browser picks the first).
 */
export function focusIfWrong(errors: string[] | undefined): { autoFocus?: true } {
  return errors?.length ? { autoFocus: true } : {};
}

/** The errors a form's reply gives the form as a whole (not one field). */
export function formErrorsOf(result: SubmissionResult<string[]> | undefined): string[] | undefined {
  return result?.error?.[""] ?? undefined;
}

/** A labelled checkbox whose error (rare) sits beside it. */
export function CheckboxField({ label, meta, hint }: { label: string; meta: FieldMetadata<string | boolean | undefined>; hint?: string }) {
  return (
    <div className="space-y-1">
      <label className="flex items-center gap-2 text-sm">
        <input {...getInputProps(meta, { type: "checkbox", ariaAttributes: true })} {...focusIfWrong(meta.errors)} />
        {label}
      </label>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {meta.errors?.length ? (
        <p id={meta.errorId} className="text-sm text-red-700">
          {meta.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
