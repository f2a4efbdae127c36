import type { AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { hasLocalPassword, passwordIsRight } from "~/models/account.server";
import type { SignedInActor } from "./actor.server";
import { checkInSession } from "./budget.server";
import { renewOnProof } from "./proof-renewal.server";

/**
 * A signed-in person proving it is them before changing how their account signs in (two-factor,
 * passkeys): their password, on the account's sign-in budget as at sign-in, a failure audited. A stolen
 * session must not tie the account to the thief's phone or passkey (attack12). An account from a
 * directory, an identity provider or a proxy has no password here to ask for: its proof is the sign-in
 * it just made there (attack15). Answers the messages to show beside the field, none when it was right.
 */
export async function confirmOwnPassword(actor: SignedInActor, context: AppLoadContext, password: string, what: string): Promise<string[]> {
  const wrong = await checkInSession(
    sessionAsker(actor, context),
    "password",
    () => ownPasswordHolds(actor, password),
    "That is not your password.",
  );
  // A right password is a proof like the confirmation page's (ADR 037): the next step of the same change
  // (turning two-factor on after setting it up) goes through. An account without one proved nothing here.
  if (!wrong.length && actor.kind === "session" && (await hasLocalPassword(getSql(), actor.user.id)))
    await renewOnProof(context, actor, "password", what);
  return wrong;
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
