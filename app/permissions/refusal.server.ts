import type { ConfirmAsk } from "~/auth/elevation.server";

/**
 * Why a request is refused. Thrown by authorize() and by models; turned into an answer in one place
 * (app/server/refusal-answer.server.ts): a redirect, a page, or a JSON body for the API.
 */
export type RefusalReason =
  | "sign-in" // nobody signed in (or a guest where guests may not go): to login, or 401
  | "set-up-two-factor" // a group they are in requires two-factor sign-in first
  | "passkey-required" // a group they are in requires a passkey sign-in: to add one, or to confirm with one
  | "elevate" // 403: a sensitive action, and the session's person hasn't proved who they are recently
  | "signed-in" // a page for signed-out people: a signed-in visitor is sent where they were heading
  | "forbidden" // 403: signed in, but not allowed
  | "not-found" // 404: absent, or not theirs to know about
  | "too-many" // 429, with Retry-After
  | "method-not-allowed" // 405: the route table lists the methods a route takes
  | "conflict" // 409: the thing is the provisioning file's (ADR 044), or otherwise can't change this way
  | "unavailable"; // 503: the database is away

/** A refusal's words: one text, or one for pages and one for the API where they differ. */
export type RefusalText = string | { page: string; api: string };

export class Refusal extends Error {
  readonly reason: RefusalReason;
  readonly text: RefusalText | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly allow: readonly string[] | undefined;
  /**
   * "signed-in": where the visitor goes on to, as returnDestination decided (else their redirectTo, if
   * ours); "passkey-required": the page where the person meets the requirement.
   */
  readonly to: string | undefined;
  /** "elevate": what the confirmation page shows. */
  readonly confirm: ConfirmAsk | undefined;

  constructor(
    reason: RefusalReason,
    text?: RefusalText,
    options: { retryAfterSeconds?: number; allow?: readonly string[]; to?: string; confirm?: ConfirmAsk } = {},
  ) {
    super(typeof text === "string" ? text : (text?.page ?? reason));
    this.name = "Refusal";
    this.reason = reason;
    this.text = text;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.allow = options.allow;
    this.to = options.to;
    this.confirm = options.confirm;
  }
}
