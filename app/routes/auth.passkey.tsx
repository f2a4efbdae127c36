import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { assertionOptions, parseAnswer, verifyAssertion, type AssertionFor } from "~/auth/passkeys/ceremonies.server";
import { readPorchCookie } from "~/auth/cookie.server";
import { readPendingSignIn } from "~/auth/pending-sign-in.server";
import { clearChallengeCookie } from "~/auth/passkeys/challenges.server";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { getSql } from "~/db.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { redirectAfterSignIn, returnDestination } from "~/server/return-to.server";
import { PASSKEY_ERRORS } from "~/auth/passkeys/messages";
import { refundAttempt, reserveIp } from "~/auth/throttle.server";
import { getConfig } from "~/config.server";
import { throttledNetwork } from "~/server/ip";
import { LocalRate } from "~/server/local-rate.server";
import { MINUTE } from "~/utils/time";

/** Passkey sign-ins a client network may start a minute, per instance: each login page view starts one (autofill), so a busy office behind one address stays well within it. */
const optionsRate = new LocalRate(120, MINUTE);

// Passwordless sign-in with a passkey (issue #21). The login page's script (app/browser/passkey-answer.ts)
// asks for options (`intent=passkey-options`), lets the browser's authenticator answer, and posts the answer here
// as a plain form, so the end of the sign-in is an ordinary navigation with its redirect.

/** POST only: authorize answers any other method with 405, after who may ask. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.passkey");
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.passkey");
  const { request, context } = args;
  const place = passkeyPlace();
  if (!place) throw new Refusal("not-found", "Passkeys are off on this server.");
  const form = await request.formData();
  const ip = context.client.ip;
  if (form.get("intent") === "passkey-options") {
    // Each options request writes a challenge row: a client network gets a few a minute, per instance.
    const wait = ip ? optionsRate.take(throttledNetwork(ip)) : 0;
    if (wait)
      return Response.json(
        { error: "Too many passkey sign-ins started: wait a minute." },
        { status: 429, headers: { "Retry-After": String(Math.ceil(wait / 1000)) } },
      );
    // The two-factor page asks here too (a page's own action can't answer JSON): for the person whose
    // password step this browser holds, one of their passkeys.
    let forWhom: AssertionFor = { purpose: "sign-in" };
    if (form.get("step") === "second-factor") {
      const pending = await readPendingSignIn(getSql(), readPorchCookie(request, "pending", place.secure));
      if (!pending) return Response.json({ error: "That sign-in expired: enter your password again." }, { status: 401 });
      forWhom = { purpose: "second-factor", userId: pending.userId, pendingId: pending.id };
    } else if (form.get("step") === "session") {
      // The confirm page: one of the signed-in person's passkeys, bound to this session.
      const { actor } = context;
      if (actor.kind !== "session") return Response.json({ error: "Sign in first." }, { status: 401 });
      forWhom = { purpose: "session", userId: actor.user.id, sessionId: actor.session.id };
    }
    const { options, cookie } = await assertionOptions(getSql(), request, place, forWhom);
    return Response.json(options, { headers: { "Set-Cookie": cookie } });
  }
  const headers = new Headers({ "Set-Cookie": clearChallengeCookie(place.secure) });
  const back = String(form.get("redirectTo") ?? "");
  const toLogin = (code: keyof typeof PASSKEY_ERRORS) =>
    redirect(`/auth/login?passkey=${code}${back ? `&redirectTo=${encodeURIComponent(back)}` : ""}`, { headers });
  // A failed passkey answer counts against the client's network like a wrong password (the same
  // AUTH_LOCKOUT_IP_ATTEMPTS); a passkey can't be guessed, but each refusal writes an audit row.
  const reservation = ip ? await reserveIp(getSql(), ip, getConfig().lockout) : null;
  if (reservation && !reservation.ok) throw toLogin("throttled");
  const outcome = await verifyAssertion(getSql(), request, place, parseAnswer(form.get("response")), context.client, {
    purpose: "sign-in",
  });
  if (!outcome.ok) throw toLogin(outcome.error.startsWith("That sign-in took too long") ? "expired" : "refused");
  if (reservation) await refundAttempt(getSql(), [reservation]);
  // The session is made only if this passkey is still the account's then (a recovery removes it: attack25).
  context.signInProof = { userId: outcome.userId, passkeyId: outcome.passkeyId };
  headers.append(
    "Set-Cookie",
    await finishSignIn(context, outcome.userId, { remember: form.get("remember") === "on", provider: "passkey" }),
  );
  return redirectAfterSignIn(await returnDestination(getSql(), String(form.get("redirectTo") ?? "") || null), { headers });
}
