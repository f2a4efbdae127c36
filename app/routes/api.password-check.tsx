import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readJson } from "~/api/json.server";
import { PasswordCheckIn } from "~/api/schemas";
import { isSignedIn } from "~/auth/actor.server";
import { passwordVerdict, prepareEstimator, type PasswordVerdict } from "~/auth/password-policy.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { throttledNetwork } from "~/server/ip";
import { LocalRate, LocalTimeBudget } from "~/server/local-rate.server";
import { MINUTE, SECOND } from "~/utils/time";

// The live hint beside a new-password field (public/password-hint.js): what the policy would say of the
// password being typed, so browsers never load the estimator's 229 KB of dictionaries (ADR 029). The
// value is checked and forgotten: never stored, logged or echoed back.

/** Checks per person (or client network) and instance: a fast typist makes a few a second, briefly. */
const rate = new LocalRate(60, MINUTE);
/**
 * The estimator blocks the event loop (up to ~60 ms a check on a hard input): at most a quarter of each
 * second goes to hints on an instance, whoever asks; past it the hint waits (the form still checks).
 */
const estimating = new LocalTimeBudget(250, SECOND);

/** GET would put the password in a URL (and logs): authorize answers it with 405, after who may ask. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.password-check");
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/api.password-check");
  const { request, context } = args;
  const who = isSignedIn(actor) ? `user:${actor.user.id}` : `ip:${throttledNetwork(context.client.ip ?? "unknown")}`;
  const waitMs = rate.take(who);
  if (waitMs) throw new Refusal("too-many", "Too many checks: wait a minute.", { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  const { password, username } = await readJson(request, PasswordCheckIn);
  // Built once per process, outside the budget: counted, the first hint after a start spent seconds of
  // it and refused every hint after it for as long (the estimator's one-time set-up isn't a person's cost).
  await prepareEstimator();
  const busyMs = estimating.wait();
  if (busyMs) throw new Refusal("too-many", "Busy: try again in a moment.", { retryAfterSeconds: Math.ceil(busyMs / 1000) });
  const started = performance.now();
  const verdict = await passwordVerdict(password, { username });
  estimating.spend(performance.now() - started);
  return Response.json({
    ok: verdict.fault === null,
    problems: verdict.problems,
    strength: verdict.strength?.label ?? null,
    hint: hintFor(verdict),
  });
}

/**
 * The short line shown while typing. Its own words, not the policy's sentence: that one appears beside
 * the field if the form is sent anyway, and the two shouldn't say the same thing twice.
 */
function hintFor({ fault, strength }: PasswordVerdict): string {
  switch (fault) {
    case "too-short":
      return "Strength: too short.";
    case "too-long":
      return "Strength: too long.";
    case "username":
      return "Strength: very weak (it holds the username).";
    case "common":
      return "Strength: very weak (one of the most common passwords).";
    default:
      return `Strength: ${strength?.label ?? "unknown"}.${strength?.warning ? ` ${strength.warning}` : ""}`;
  }
}
