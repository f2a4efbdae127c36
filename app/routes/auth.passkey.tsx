import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { parseAnswer, signInOptions, verifySignIn } from "~/auth/passkeys/ceremonies.server";
import { clearChallengeCookie } from "~/auth/passkeys/challenges.server";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { getSql } from "~/db.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { redirectAfterSignIn, returnDestination } from "~/server/return-to.server";

// Passwordless sign-in with a passkey (issue #21). The login page's script (app/browser/passkey-sign-in.ts)
// asks for options (`intent=options`), lets the browser's authenticator answer, and posts the answer here
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
  if (form.get("intent") === "options") {
    const { options, cookie } = await signInOptions(getSql(), request, place);
    return Response.json(options, { headers: { "Set-Cookie": cookie } });
  }
  const headers = new Headers({ "Set-Cookie": clearChallengeCookie(place.secure) });
  const outcome = await verifySignIn(getSql(), request, place, parseAnswer(form.get("response")), context.client);
  if (!outcome.ok) {
    const code = outcome.error.startsWith("That sign-in took too long") ? "expired" : "refused";
    const back = String(form.get("redirectTo") ?? "");
    throw redirect(`/auth/login?passkey=${code}${back ? `&redirectTo=${encodeURIComponent(back)}` : ""}`, { headers });
  }
  headers.append(
    "Set-Cookie",
    await finishSignIn(context, outcome.userId, { remember: form.get("remember") === "on", provider: "passkey" }),
  );
  return redirectAfterSignIn(await returnDestination(getSql(), String(form.get("redirectTo") ?? "") || null), { headers });
}
