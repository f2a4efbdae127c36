import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { describeDuration } from "~/utils/time";
import { verifyCredentials } from "./credentials.server";
import { LoginSchema } from "./forms";
import { LdapError, ldapSignIn } from "./ldap/ldap.server";
import { ParsedFormStrategy } from "./parsed-form-strategy.server";
import { forgiveAttempt, lockedUntil, reserveAttempt } from "./throttle.server";

export const INVALID_CREDENTIALS = "Invalid username or password";
export const DIRECTORY_UNREACHABLE = "The directory is unreachable, try again later";

type Reply = SubmissionResult<string[]>;
export type PasswordProvider = "credentials" | "ldap";

/** What a strategy resolves: a user to sign in, or the form's answer. Strategies never make sessions. */
export type SignInOutcome =
  | { ok: true; userId: string; provider: PasswordProvider; remember: boolean; redirectTo: string | undefined }
  | { ok: false; reply: Reply };

type Attempt = { ok: true; userId: string } | { ok: false; reason: string; message?: string };

export const tooManyAttempts = (retryAfterMs: number) => `Too many attempts, try again in ${describeDuration(retryAfterMs)}.`;

/**
 * The shared shape of a password sign-in, whichever provider checks the password: parse, reserve an
 * attempt (lockout), check, audit a failure with its precise reason, answer generically.
 */
function passwordStrategy(context: AppLoadContext, provider: PasswordProvider, check: (username: string, password: string) => Promise<Attempt>) {
  return new ParsedFormStrategy<SignInOutcome>(async ({ form }) => {
    const submission = parseWithValibot(form, { schema: LoginSchema });
    if (submission.status !== "success") return { ok: false, reply: submission.reply({ hideFields: ["password"] }) };
    const { username, password, remember, redirectTo } = submission.value;
    const sql = getSql();
    const policy = getConfig().lockout;
    const who = { username, ip: context.client.ip };
    const fail = async (reason: string, messages: string[]) => {
      await recordAudit(sql, {
        action: "auth.sign-in.failed",
        ip: context.client.ip,
        userAgent: context.client.userAgent,
        details: { provider, username: username.slice(0, 64), reason },
      });
      return { ok: false as const, reply: submission.reply({ formErrors: messages, hideFields: ["password"] }) };
    };
    // Counted before the password is checked, so parallel guesses can't slip past the limit.
    const reservation = await reserveAttempt(sql, who, policy);
    if (!reservation.ok) return fail("locked", [INVALID_CREDENTIALS, tooManyAttempts(reservation.retryAfterMs)]);
    const result = await check(username, password);
    if (result.ok) {
      await forgiveAttempt(sql, who, policy);
      return { ok: true, userId: result.userId, provider, remember, redirectTo };
    }
    const lock = await lockedUntil(sql, username);
    if (lock) {
      // This failure reached the limit.
      await recordAudit(sql, {
        action: "auth.lockout",
        ip: context.client.ip,
        userAgent: context.client.userAgent,
        targetType: "account",
        targetId: username.toLowerCase().slice(0, 64),
        details: { until: lock.toISOString(), attempts: policy.accountAttempts },
      });
    }
    const messages = [result.message ?? INVALID_CREDENTIALS, ...(lock ? [tooManyAttempts(lock.getTime() - Date.now())] : [])];
    return fail(result.reason, messages);
  });
}

async function checkLdap(context: AppLoadContext, username: string, password: string): Promise<Attempt> {
  const config = getConfig().ldap!;
  try {
    const directoryUser = await ldapSignIn(config, username, password);
    const userId = await provisionDirectoryUser(getSql(), "ldap", directoryUser, { adminGroup: config.adminGroup, client: context.client });
    return { ok: true, userId };
  } catch (error) {
    if (error instanceof LdapError) {
      console.error(JSON.stringify({ level: "warn", msg: "ldap sign-in failed", username: username.slice(0, 64), reason: error.message }));
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
    passwordStrategy(context, "credentials", (username, password) => verifyCredentials(getSql(), username, password)),
    "credentials",
  );
  if (getConfig().ldap) {
    authenticator.use(passwordStrategy(context, "ldap", (username, password) => checkLdap(context, username, password)), "ldap");
  }
  return authenticator;
}

/** A password sign-in with a form the caller has read already (to see which provider it names). */
export function authenticateForm(context: AppLoadContext, provider: PasswordProvider, form: FormData, request: Request): Promise<SignInOutcome> {
  const strategy = authenticatorFor(context).get(provider) as ParsedFormStrategy<SignInOutcome>;
  return strategy.authenticateForm(form, request);
}
