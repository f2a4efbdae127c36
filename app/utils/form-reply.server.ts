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

/**
 * The function a page's map gives for this intent, or undefined. Only the map's own entries count, so an
 * intent such as "constructor" or "__proto__" names nothing.
 */
export function handlerFor<M extends Record<string, unknown>>(handlers: M, intent: string): M[keyof M] | undefined {
  return Object.hasOwn(handlers, intent) ? (handlers[intent] as M[keyof M]) : undefined;
}

/** 400 with one message for the whole form (no field to put it beside). */
export function formError(intent: string, message: string) {
  return badRequest(intent, { status: "error", error: { "": [message] } });
}
