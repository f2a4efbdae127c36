import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { describeDuration } from "~/utils/time";
import { type CredentialsFailure, verifyCredentials } from "./credentials.server";
import { LoginSchema } from "./forms";
import { forgiveAttempt, lockedUntil, reserveAttempt } from "./throttle.server";

export const INVALID_CREDENTIALS = "Invalid username or password";

type Reply = SubmissionResult<string[]>;

/** What a strategy resolves: a user to sign in, or the form's answer. Strategies never make sessions. */
export type SignInOutcome =
  | { ok: true; userId: string; provider: "credentials"; remember: boolean; redirectTo: string | undefined }
  | { ok: false; reply: Reply };

export const tooManyAttempts = (retryAfterMs: number) => `Too many attempts, try again in ${describeDuration(retryAfterMs)}.`;

/**
 * The authenticator for one request: its strategies need the client's address (for throttling and
 * the audit log), which only the request pipeline knows.
 */
export function authenticatorFor(context: AppLoadContext): Authenticator<SignInOutcome> {
  const authenticator = new Authenticator<SignInOutcome>();
  authenticator.use(
    new FormStrategy(async ({ form }) => {
      const submission = parseWithValibot(form, { schema: LoginSchema });
      if (submission.status !== "success") return { ok: false, reply: submission.reply({ hideFields: ["password"] }) };
      const { username, password, remember, redirectTo } = submission.value;
      const sql = getSql();
      const policy = getConfig().lockout;
      const who = { username, ip: context.client.ip };
      const fail = async (reason: CredentialsFailure | "locked", extra: string[] = []) => {
        await recordAudit(sql, {
          action: "auth.sign-in.failed",
          ip: context.client.ip,
          userAgent: context.client.userAgent,
          details: { provider: "credentials", username: username.slice(0, 64), reason },
        });
        return { ok: false as const, reply: submission.reply({ formErrors: [INVALID_CREDENTIALS, ...extra], hideFields: ["password"] }) };
      };
      // Counted before the password is checked, so parallel guesses can't slip past the limit.
      const reservation = await reserveAttempt(sql, who, policy);
      if (!reservation.ok) return fail("locked", [tooManyAttempts(reservation.retryAfterMs)]);
      const result = await verifyCredentials(sql, username, password);
      if (result.ok) {
        await forgiveAttempt(sql, who, policy);
        return { ok: true, userId: result.userId, provider: "credentials", remember, redirectTo };
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
        return fail(result.reason, [tooManyAttempts(lock.getTime() - Date.now())]);
      }
      return fail(result.reason);
    }),
    "credentials",
  );
  return authenticator;
}
