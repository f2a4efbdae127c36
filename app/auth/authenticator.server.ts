import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { departureSuspected, noticeDirectoryDeparture } from "~/models/directory-departures.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { verifyCredentials } from "./credentials.server";
import { LoginSchema } from "./forms";
import { LdapError, ldapSignIn } from "./ldap/ldap.server";
import { checkSecret, tooManyAttempts, type CheckResult } from "./budget.server";
import { ParsedFormStrategy } from "./parsed-form-strategy.server";
import { failedSignInName } from "./failed-sign-in-name.server";

/**
 * Whether a failure's reason says an account has the name: a wrong password or an inactive account
 * does, an unknown name doesn't, and a lock (which never looked) or a directory's answer leaves it to a lookup.
 */
function accountKnown(reason: string): boolean | null {
  if (reason === "unknown-user" || reason.startsWith("ldap user search")) return false;
  if (reason === "wrong-password" || reason === "no-password" || reason === "inactive") return true;
  return null;
}

export const INVALID_CREDENTIALS = "Invalid username or password";
export const DIRECTORY_UNREACHABLE = "The directory is unreachable, try again later";

type Reply = SubmissionResult<string[]>;
export type PasswordProvider = "credentials" | "ldap";

/** What a strategy resolves: a user to sign in, or the form's answer. Strategies never make sessions. */
export type SignInOutcome =
  { ok: true; userId: string; provider: PasswordProvider; remember: boolean; redirectTo: string | undefined } | { ok: false; reply: Reply };

export { tooManyAttempts };

/**
 * The shared shape of a password sign-in, whichever provider checks the password: parse, check through
 * the account budget (checkSecret: lockout before the password is tested), audit a failure with its
 * precise reason, answer generically. A right password only gets its attempt back: the account is
 * forgiven when the whole sign-in succeeds (finishSignIn), second factor included.
 */
function passwordStrategy(
  context: AppLoadContext,
  provider: PasswordProvider,
  check: (username: string, password: string, countAgainst: (account: string) => Promise<boolean>) => Promise<CheckResult<string>>,
) {
  return new ParsedFormStrategy<SignInOutcome>(async ({ form }) => {
    const submission = parseWithValibot(form, { schema: LoginSchema });
    if (submission.status !== "success") return { ok: false, reply: submission.reply({ hideFields: ["password"] }) };
    const { username, password, remember, redirectTo } = submission.value;
    const result = await checkSecret({ username, client: context.client }, (countAgainst) => check(username, password, countAgainst));
    if (result.ok) return { ok: true, userId: result.value, provider, remember, redirectTo };
    await recordAudit(getSql(), {
      action: "auth.sign-in.failed",
      ip: context.client.ip,
      userAgent: context.client.userAgent,
      details: { provider, username: await failedSignInName(getSql(), username, accountKnown(result.reason)), reason: result.reason },
    });
    // During a lock the password was never checked: saying it was wrong would be false (it may be right),
    // so only the lock is told, in the same words for every name, existing or not.
    const locked = result.lockedForMs !== null ? [tooManyAttempts(result.lockedForMs)] : [];
    const messages = result.reason === "locked" ? locked : [result.message ?? INVALID_CREDENTIALS, ...locked];
    return { ok: false, reply: submission.reply({ formErrors: messages, hideFields: ["password"] }) };
  });
}

async function checkCredentials(context: AppLoadContext, username: string, password: string): Promise<CheckResult<string>> {
  const result = await verifyCredentials(getSql(), username, password);
  if (!result.ok) return { ok: false, reason: result.reason };
  // The session is made only if this is still the account's password then (startSession).
  context.signInProof = { userId: result.userId, passwordHash: result.proof };
  return { ok: true, value: result.userId };
}

async function checkLdap(
  context: AppLoadContext,
  username: string,
  password: string,
  countAgainst: (account: string) => Promise<boolean>,
): Promise<CheckResult<string>> {
  const config = getConfig().ldap!;
  try {
    // The directory may find one account under several names (uid, mail): count against the one it found.
    const directoryUser = await ldapSignIn(config, username, password, { admit: (found) => countAgainst(found.username) });
    const userId = await provisionDirectoryUser(getSql(), "ldap", directoryUser, { adminGroup: config.adminGroup, client: context.client });
    return { ok: true, value: userId };
  } catch (error) {
    // Not found, or the name is someone else's now: whoever had it may have left, so ask by identity.
    if (departureSuspected(error)) await noticeDirectoryDeparture(getSql(), config, username, { userId: null, ...context.client });
    if (error instanceof LdapError) {
      const name = await failedSignInName(getSql(), username, error.step === "user search" ? false : null);
      console.error(JSON.stringify({ level: "warn", msg: "ldap sign-in failed", username: name, reason: error.message }));
      return { ok: false, reason: `ldap ${error.message}`, message: error.kind === "unreachable" ? DIRECTORY_UNREACHABLE : undefined };
    }
    if (error instanceof DirectoryUserRefused) return { ok: false, reason: `ldap ${error.reason}` };
    throw error;
  }
}

/**
 * The authenticator for one request: its strategies need the client's address (for throttling and
 * the audit log), which only the request pipeline knows.
 */
export function authenticatorFor(context: AppLoadContext): Authenticator<SignInOutcome> {
  const authenticator = new Authenticator<SignInOutcome>();
  authenticator.use(
    passwordStrategy(context, "credentials", (username, password) => checkCredentials(context, username, password)),
    "credentials",
  );
  if (getConfig().ldap) {
    authenticator.use(
      passwordStrategy(context, "ldap", (username, password, countAgainst) => checkLdap(context, username, password, countAgainst)),
      "ldap",
    );
  }
  return authenticator;
}

/** A password sign-in with a form the caller has read already (to see which provider it names). */
export function authenticateForm(
  context: AppLoadContext,
  provider: PasswordProvider,
  form: FormData,
  request: Request,
): Promise<SignInOutcome> {
  const strategy = authenticatorFor(context).get(provider) as ParsedFormStrategy<SignInOutcome>;
  return strategy.authenticateForm(form, request);
}
