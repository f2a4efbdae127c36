import type { AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { startSession } from "./sign-in.server";
import { forgiveUser } from "./throttle.server";

/**
 * The end of a whole sign-in: the password and, when the person uses one, the second factor (or the
 * identity provider and the second factor). Only here does the account get its attempts back; a right
 * password alone never does, or re-entering it would reset the code step's lockout (ADR 006).
 * Returns the session cookie.
 */
export async function finishSignIn(
  context: AppLoadContext,
  userId: string,
  options: { remember: boolean; provider: string; idToken?: string; provedAt?: Date | null },
): Promise<string> {
  await forgiveUser(getSql(), userId);
  return startSession(context, userId, options);
}
