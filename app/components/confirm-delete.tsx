import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormErrors } from "./form-errors";
import { Button, Section } from "./ui";

/**
 * A delete in two steps that works without JavaScript: the first link adds ?confirm=delete,
 * which shows the question and the real (POST) button.
 */
export function ConfirmDelete({
  what,
  name,
  question,
  confirming,
  lastResult,
}: {
  what: string;
  name: string;
  question: ReactNode;
  confirming: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  return (
    <Section title={`Delete ${what}`}>
      <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
      {confirming ? (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="delete" />
          <p className="text-sm">{question}</p>
          <div className="flex gap-2">
            <Button variant="danger">Yes, delete {name}</Button>
            <Link to="?" className="px-3 py-1.5 text-sm underline">
              Cancel
            </Link>
          </div>
        </Form>
      ) : (
        <Link to="?confirm=delete" className="inline-block rounded border border-red-300 px-3 py-1.5 text-sm text-red-800">
          Delete {what}
        </Link>
      )}
    </Section>
  );
}
