import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { parseAnswer, verifyAssertion } from "~/auth/passkeys/ceremonies.server";
import { clearChallengeCookie } from "~/auth/passkeys/challenges.server";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { PasskeyButton } from "~/components/passkey-button";
import { hasPasskeys } from "~/models/passkeys.server";
import * as v from "valibot";
import { checkSecret, tooManyAttempts } from "~/auth/budget.server";
import { readPorchCookie } from "~/auth/cookie.server";
import { clearPendingCookie, deletePendingSignIn, readPendingSignIn } from "~/auth/pending-sign-in.server";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { Button } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { verifySecondFactor } from "~/models/two-factor.server";
import { redirectAfterSignIn, returnDestination } from "~/server/return-to.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Porch" }];

// A plain form that works without JavaScript: the page ships none (issue #18).
export const handle: RouteHandle = NO_HYDRATION;

const CodeSchema = v.object({
  code: v.pipe(v.string("Enter the code from your app"), v.trim(), v.nonEmpty("Enter the code from your app"), v.maxLength(20)),
});

async function pendingOf(request: Request) {
  const pending = await readPendingSignIn(getSql(), readPorchCookie(request, "pending", getConfig().secureCookies));
  if (!pending) {
    throw redirect("/auth/login", { headers: { "Set-Cookie": clearPendingCookie(getConfig().secureCookies) } });
  }
  return pending;
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.2fa");
  const { request } = args;
  const pending = await pendingOf(request);
  // "Use a passkey" where the person has one (issue #21): shown by the page's script where the browser can.
  const passkeys = passkeyPlace() !== null && (await hasPasskeys(getSql(), pending.userId));
  return { passkeys };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.2fa");
  const { request, context } = args;
  const pending = await pendingOf(request);
  const form = await request.formData();
  const sql = getSql();
  const place = passkeyPlace();
  const byPasskey = place !== null && form.get("intent") === "passkey";
  const forWhom = { purpose: "second-factor" as const, userId: pending.userId, pendingId: pending.id };
  const submission = byPasskey ? null : parseWithValibot(form, { schema: CodeSchema });
  if (submission && submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The second step spends the password's budget: guessing codes is guessing too, and a refused passkey counts.
  let passkeyId: string | undefined;
  const checked = await checkSecret({ username: pending.username, client: context.client }, async () => {
    if (byPasskey) {
      const answered = await verifyAssertion(sql, request, place, parseAnswer(form.get("response")), context.client, forWhom);
      if (answered.ok) passkeyId = answered.passkeyId;
      return answered.ok ? { ok: true as const, value: "passkey" as const } : { ok: false as const, reason: "passkey refused" };
    }
    const used = await verifySecondFactor(sql, pending.userId, submission!.status === "success" ? submission!.value.code : "");
    return used ? { ok: true as const, value: used } : { ok: false as const, reason: "wrong-code" };
  });
  if (!checked.ok) {
    await recordAudit(sql, {
      action: "auth.sign-in.failed",
      ip: context.client.ip,
      userAgent: context.client.userAgent,
      details: { provider: "two-factor", username: pending.username, reason: checked.reason },
    });
    const locked = checked.lockedForMs === null ? [] : [tooManyAttempts(checked.lockedForMs)];
    if (checked.reason === "locked") return data(formReply(submission, { formErrors: locked }), { status: 400 });
    if (byPasskey)
      return data(formReply(null, { formErrors: ["That passkey didn't work here. Try it again, or enter a code.", ...locked] }), {
        status: 400,
      });
    return data(
      formReply(submission, { formErrors: locked, fieldErrors: { code: ["That code didn't work. Codes change every 30 seconds."] } }),
      { status: 400 },
    );
  }
  const used = checked.value;
  await deletePendingSignIn(sql, pending.id);
  // The hash read with the pending row is the one the password step proved (a reset deletes the row):
  // a password changed since then gets no session (startSession).
  // And the passkey that answered must still be theirs then (a recovery removes it: attack25).
  context.signInProof = { userId: pending.userId, passwordHash: pending.passwordHash ?? undefined, passkeyId };
  const cookie = await finishSignIn(context, pending.userId, {
    remember: pending.remember,
    provider: `${pending.idToken ? "oidc" : "credentials"}+${used === "recovery" ? "recovery-code" : used === "passkey" ? "passkey" : "totp"}`,
    // An OpenID Connect sign-in keeps the provider's id_token through the code step (logout both ways).
    idToken: pending.idToken ?? undefined,
  });
  const headers = new Headers({ "Set-Cookie": cookie });
  headers.append("Set-Cookie", clearPendingCookie(getConfig().secureCookies));
  if (byPasskey) headers.append("Set-Cookie", clearChallengeCookie(place.secure));
  // Checked where it is followed, not only where it was stored.
  return redirectAfterSignIn(await returnDestination(sql, pending.redirectTo), { headers });
}

/** The answer the code form shows: Conform's reply to the code, or (a passkey's refusal) errors for the whole form. */
function formReply(
  submission: { reply: (options: { formErrors: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> } | null,
  errors: { formErrors: string[]; fieldErrors?: Record<string, string[]> },
): SubmissionResult<string[]> {
  return submission ? submission.reply(errors) : { status: "error", error: { "": errors.formErrors } };
}

export default function TwoFactorPage() {
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const [form, fields] = useValibotForm("two-factor", CodeSchema, lastResult);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Two-factor sign-in</h1>
        <p className="text-slate-600">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} />
        <TextField label="Code" meta={fields.code} autoComplete="one-time-code" autoFocus />
        <Button>Verify</Button>
      </Form>
      {loaded?.passkeys ? <PasskeyButton action="/auth/2fa" step="second-factor" label="Use a passkey instead" /> : null}
    </div>
  );
}
