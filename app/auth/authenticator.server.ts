import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { getSql } from "~/db.server";
import { type CredentialsFailure, verifyCredentials } from "./credentials.server";
import { LoginSchema } from "./forms";

export const INVALID_CREDENTIALS = "Invalid username or password";

type Reply = SubmissionResult<string[]>;

/** What a strategy resolves: a user to sign in, or the form's answer. Strategies never make sessions. */
export type SignInOutcome =
  | { ok: true; userId: string; provider: "credentials"; remember: boolean; redirectTo: string | undefined }
  | { ok: false; reply: Reply; failure?: { username: string; reason: CredentialsFailure } };

export const authenticator = new Authenticator<SignInOutcome>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const submission = parseWithValibot(form, { schema: LoginSchema });
    if (submission.status !== "success") return { ok: false, reply: submission.reply({ hideFields: ["password"] }) };
    const { username, password, remember, redirectTo } = submission.value;
    const result = await verifyCredentials(getSql(), username, password);
    if (!result.ok) {
      return {
        ok: false,
        reply: submission.reply({ formErrors: [INVALID_CREDENTIALS], hideFields: ["password"] }),
        failure: { username, reason: result.reason },
      };
    }
    return { ok: true, userId: result.userId, provider: "credentials", remember, redirectTo };
  }),
  "credentials",
);
