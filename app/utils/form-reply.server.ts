import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";

/** What a multi-form page's action answers: which form it was, and Conform's result for it. */
export interface IntentReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

/** 400 with the errors for the form that was sent. */
export function badRequest(intent: string, result: SubmissionResult<string[]>) {
  return data<IntentReply>({ intent, result }, { status: 400 });
}

/** The intent a form sent, or "" when none. */
export function intentOf(formData: FormData): string {
  const intent = formData.get("intent");
  return typeof intent === "string" ? intent : "";
}
