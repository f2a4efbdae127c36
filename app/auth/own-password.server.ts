import type { AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { hasLocalPassword, passwordIsRight } from "~/models/account.server";
import type { SignedInActor } from "./actor.server";
import { checkInSession } from "./budget.server";

/**
 * A signed-in person proving it is them before changing how their account signs in (two-factor,
 * passkeys): their password, on the account's sign-in budget as at sign-in, a failure audited. A stolen
 * session must not tie the account to the thief's phone or passkey (attack12). An account from a
 * directory, an identity provider or a proxy has no password here to ask for: its proof is the sign-in
 * it just made there (attack15). Answers the messages to show beside the field, none when it was right.
 */
export async function confirmOwnPassword(actor: SignedInActor, context: AppLoadContext, password: string): Promise<string[]> {
  return checkInSession(sessionAsker(actor, context), "password", () => ownPasswordHolds(actor, password), "That is not your password.");
}

/** The check alone, for a caller that spends one attempt on it together with another (password and code). */
export async function ownPasswordHolds(actor: SignedInActor, password: string): Promise<boolean> {
  return !(await hasLocalPassword(getSql(), actor.user.id)) || passwordIsRight(actor.user.id, password);
}

/** Who is asking, for the sign-in budget: the account, from this client. */
export const sessionAsker = (actor: SignedInActor, context: AppLoadContext) => ({
  username: actor.user.username,
  userId: actor.user.id,
  client: context.client,
});
