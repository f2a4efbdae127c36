import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { SessionActor } from "~/auth/actor.server";
import { checkInSession } from "~/auth/budget.server";
import { sessionAsker } from "~/auth/own-password.server";
import { parseAnswer, verifyAssertion } from "~/auth/passkeys/ceremonies.server";
import { clearChallengeCookie } from "~/auth/passkeys/challenges.server";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { PASSKEY_CONFIRMED } from "~/auth/passkeys/requirement";
import { FormErrors } from "~/components/form-errors";
import { PasskeyButton } from "~/components/passkey-button";
import { Button } from "~/components/ui";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { groupsRequiringPasskeys } from "~/models/passkeys.server";
import { authorize } from "~/permissions/authorize.server";
import { confirmAsk, keptRequest, provedRecently } from "~/auth/elevation.server";
import { ConfirmToContinue } from "~/components/confirm-to-continue";
import { startSession } from "~/auth/sign-in.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";
import { safeRedirect } from "~/utils/safe-redirect";

// "Confirm it's you" (issue #21), in two uses:
// - Where a group requires a phishing-resistant sign-in and this session wasn't proved by a passkey, the
//   only page that opens (authorize, PASSKEY_STEP_ROUTES): one of the person's passkeys answers here,
//   bound to this session, and the browser gets a new session that counts (the old one ends). Without
//   one that can answer, the page says why and offers to sign out.
// - Before a sensitive action (app/auth/elevation.server.ts): the refused form kept for this session
//   (`?request=`), or a plain "continue" for a script that was refused.

export const meta: MetaFunction = () => [{ title: "Confirm it's you · Porch" }];

// A plain page like the sign-in pages: the passkey script (/passkey.js) is all it runs.
export const handle: RouteHandle = NO_HYDRATION;

/** The session this page is for, when it still has something to confirm; else where the person goes now. */
function confirming(actor: { kind: string; passkeyStep: string | null }, back: string | null): asserts actor is SessionActor {
  if (actor.kind !== "session" || !actor.passkeyStep) throw redirect(safeRedirect(back));
  if (actor.passkeyStep === "add") throw redirect("/settings/security?required=passkey");
}

/** This page's own "continue" (a script refused a sensitive action sends people here, then tries again). */
const CONTINUE = { method: "POST" as const, intent: "elevate", what: "continue" };

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/auth.confirm");
  const back = new URL(args.request.url).searchParams.get("redirectTo");
  if (actor.kind === "session" && !actor.passkeyStep) {
    // A refused form, kept for this session: its fields go back with the proof, to its own action.
    const request = new URL(args.request.url).searchParams.get("request");
    const kept = request ? await keptRequest(actor, request) : null;
    if (kept) return { mode: "elevate" as const, ask: kept };
    // Confirming it's you before a sensitive action a script was refused (or a kept form that expired).
    if (provedRecently(actor, new Date())) return { mode: "recent" as const, back: safeRedirect(back) };
    const form = new FormData();
    form.set("intent", CONTINUE.intent);
    form.set("redirectTo", safeRedirect(back));
    return { mode: "elevate" as const, ask: await confirmAsk(actor, args.request, CONTINUE, form) };
  }
  confirming(actor, back);
  const place = passkeyPlace();
  return {
    mode: "passkey" as const,
    step: actor.passkeyStep as "confirm" | "ask-admin" | "unavailable",
    groups: await groupsRequiringPasskeys(getSql(), actor.user.id),
    why: actor.passkeyStep !== "unavailable" ? null : place ? ("account" as const) : ("server" as const),
    provider: actor.user.provider,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/auth.confirm");
  const { request, context } = args;
  const form = await request.formData();
  const back = String(form.get("redirectTo") ?? "") || null;
  // authorize() took the proof this form carried (the route table lists it): on to where they were.
  if (form.get("intent") === CONTINUE.intent) return redirect(safeRedirect(back));
  confirming(actor, back);
  const place = passkeyPlace();
  if (actor.passkeyStep !== "confirm" || !place || form.get("intent") !== "passkey")
    return data({ error: "Nothing here can confirm this session." }, { status: 400 });
  const sql = getSql();
  const forWhom = { purpose: "session" as const, userId: actor.user.id, sessionId: actor.session.id };
  let passkeyId: string | undefined;
  // A refused answer spends the account's budget, as a wrong password would in the session.
  const wrong = await checkInSession(
    sessionAsker(actor, context),
    "passkey",
    async () => {
      const answered = await verifyAssertion(sql, request, place, parseAnswer(form.get("response")), context.client, forWhom);
      if (answered.ok) passkeyId = answered.passkeyId;
      return answered.ok;
    },
    "That passkey didn't confirm it's you. Try again, or try another passkey.",
  );
  const headers = new Headers({ "Set-Cookie": clearChallengeCookie(place.secure) });
  if (wrong.length) return data({ error: wrong.join(" ") }, { status: 400, headers });
  // A new session for this browser, the old one ended: a cookie someone else planted here (their own
  // password's session) is worth nothing after the owner's passkey answers on it (attack26).
  context.signInProof = { userId: actor.user.id, passkeyId };
  headers.append(
    "Set-Cookie",
    await startSession(context, actor.user.id, { remember: actor.session.remember, provider: PASSKEY_CONFIRMED }),
  );
  await recordAudit(sql, {
    action: "session.passkey-confirmed",
    actorUserId: actor.user.id,
    targetType: "session",
    targetId: actor.session.id,
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    details: { replacedBy: "a new session" },
  });
  return redirect(safeRedirect(back), { headers });
}

export default function ConfirmPage() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.mode === "elevate") return <ConfirmToContinue ask={loaded.ask} />;
  if (loaded.mode === "recent") return <Recent back={loaded.back} />;
  return <PasskeyRequired {...loaded} />;
}

function Recent({ back }: { back: string }) {
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-semibold">You confirmed it's you recently</h1>
      <p className="text-slate-600">Nothing more to do here: go back and try again.</p>
      <a href={back} className="text-blue-700 underline">
        Go back
      </a>
    </div>
  );
}

function PasskeyRequired({
  step,
  groups,
  why,
  provider,
}: {
  step: "confirm" | "ask-admin" | "unavailable";
  groups: string[];
  why: "account" | "server" | null;
  provider: string | undefined;
}) {
  const answer = useActionData<typeof action>();
  const named = groups.length ? groups.join(", ") : "A group you are in";
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{step === "confirm" ? "Confirm with a passkey" : "A passkey is required"}</h1>
        <p className="text-slate-600">
          <strong>{named}</strong> {groups.length > 1 ? "require" : "requires"} signing in with a passkey: a password or a code from an app
          isn't enough, since a look-alike site can ask for those.
        </p>
      </div>
      {step === "confirm" ? (
        <>
          <FormErrors errors={answer?.error ? [answer.error] : undefined} />
          <PasskeyButton action="/auth/confirm" step="session" label="Confirm with a passkey" separator={false} />
          {/* Hidden by the passkey script once the browser can answer (a <noscript> isn't enough: a browser
              without WebAuthn runs scripts). */}
          <p data-passkey-fallback className="text-sm text-slate-700">
            Confirming with a passkey needs JavaScript and a browser that can use passkeys. Turn JavaScript on, or use such a browser.
          </p>
        </>
      ) : step === "ask-admin" ? (
        <p role="alert" className="text-sm text-slate-800">
          You have no passkey, and the time to add a first one with your password is over (someone who learned your password could add
          theirs). Ask an administrator to let you add one.
        </p>
      ) : (
        <p role="alert" className="text-sm text-slate-800">
          {why === "server"
            ? "Passkeys are off on this server, so this can't be met. Ask an administrator: passkeys need BASE_URL set to the address people use."
            : `Your account signs in through ${provider === "oidc" ? "an identity provider" : provider === "ldap" ? "a directory" : provider}, and such accounts can't have passkeys in Porch yet. Ask an administrator.`}
        </p>
      )}
      <Form method="post" action="/api/auth/signout" reloadDocument>
        <Button variant="secondary">Sign out</Button>
      </Form>
    </div>
  );
}
