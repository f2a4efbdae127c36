import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { validatedSessionId } from "~/auth/actor.server";
import { confirmOwnPassword } from "~/auth/own-password.server";
import { registrationOptions } from "~/auth/passkeys/ceremonies.server";
import { passkeyPlace, passkeysAllowedFor } from "~/auth/passkeys/place.server";
import { getSql } from "~/db.server";
import { authorize } from "~/permissions/authorize.server";
import { readJson } from "~/api/json.server";
import { PasskeyOptionsIn } from "~/api/schemas";

// The first step of adding a passkey (My account → Security): the person's password (`{ "password": … }`), then the options
// with a challenge bound to this session and browser. The page's script (app/browser/passkey-register.ts)
// gives them to the authenticator and posts its answer to the Security page's form.

/** POST only: authorize answers any other method with 405, after who may ask. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.passkeys.options");
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/api.passkeys.options");
  const { request, context } = args;
  const place = passkeyPlace();
  if (!place || !passkeysAllowedFor(actor.user) || !validatedSessionId(context.actor))
    return Response.json({ error: "Passkeys are not available for this account." }, { status: 404 });
  const { password } = await readJson(request, PasskeyOptionsIn);
  const wrong = await confirmOwnPassword(actor, context, password, "add a passkey");
  if (wrong.length) return Response.json({ error: wrong.join(" ") }, { status: 400 });
  // The right password renewed the session: the challenge is for the new one.
  const sessionId = validatedSessionId(context.actor)!;
  const { options, cookie } = await registrationOptions(getSql(), request, place, actor.user, sessionId);
  return Response.json(options, { headers: { "Set-Cookie": cookie } });
}
