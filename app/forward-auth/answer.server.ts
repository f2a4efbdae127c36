// Forward auth's answer to a reverse proxy: may this request through to the app? (issue #20, ADR 033)
// 200 with the person's identity in headers; signed out, to Porch's login and back (Traefik, Caddy) or
// 401 (nginx redirects itself); signed in without access, 403 with a page that says what and whom to ask.
import { PASSKEY_STEP_WORDS } from "~/auth/passkeys/requirement";
import type { AppLoadContext } from "@remix-run/node";
import { isSignedIn, type SignedInActor } from "~/auth/actor.server";
import { getConfig, type IdentityHeaders } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAppDenied } from "~/models/audit.server";
import { decideAppAccess, decideFromFacts, type AppDecision } from "~/permissions/protected-apps.server";
import { subjectOfActor } from "~/permissions/subject.server";
import type { ForwardAuthFlavour } from "./target.server";
import { forbiddenPage, unprotectedPage } from "./forbidden-page.server";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });

export async function answerForwardAuth(context: AppLoadContext, flavour: ForwardAuthFlavour): Promise<Response> {
  const config = getConfig();
  // The way back from the login page needs Porch's fixed address, never one taken from the question.
  if (!config.baseUrl) {
    // Said in Porch's own log too: nginx shows its own 500 and drops this answer's text.
    console.error(JSON.stringify({ level: "error", msg: "forward auth needs BASE_URL", fix: "set BASE_URL to Porch's address" }));
    return text(500, "Forward auth needs BASE_URL: set it to Porch's address (e.g. BASE_URL=https://porch.home.example).");
  }
  const target = context.forwarded;
  if (!target) return text(400, "Ask at /api/auth/forward-auth or /api/auth/auth-request (README, Protect your apps).");
  if (!target.ok) return text(400, target.error);
  const { actor } = context;
  if (!isSignedIn(actor)) {
    const login = new URL("/auth/login", config.baseUrl);
    login.searchParams.set("redirectTo", target.url);
    // nginx answers the 401 itself: README's `error_page 401 =302 $porch_login` reads this Location.
    if (flavour === "auth-request") {
      return text(401, "Sign in to Porch first.", { "WWW-Authenticate": 'Bearer realm="Porch"', Location: login.href });
    }
    return new Response(null, { status: 302, headers: { Location: login.href } });
  }
  const appLabel = target.address.origin;
  if (actor.mustSetUpTwoFactor) {
    return forbidden(
      context,
      appLabel,
      `Your groups require two-factor sign-in: set it up in Porch first (${config.baseUrl.origin}/settings/security).`,
    );
  }
  if (actor.passkeyStep) {
    return forbidden(
      context,
      appLabel,
      `Your groups require signing in with a passkey at ${config.baseUrl.origin}: ${PASSKEY_STEP_WORDS[actor.passkeyStep]}.`,
    );
  }
  const subject = subjectOfActor(actor, true);
  // Read with the actor in one statement by the pipeline; asked again only where it couldn't be.
  const decision = context.appFacts
    ? decideFromFacts(context.appFacts, subject)
    : await decideAppAccess(getSql(), target.address, subject, actor.user.id);
  // A path with an encoded / or \ must be open under both readings of it (attack14): nginx decodes them.
  const alternative = target.address.altPath
    ? await decideAppAccess(getSql(), { ...target.address, path: target.address.altPath }, subject, actor.user.id)
    : null;
  const allows = (d: AppDecision) => Boolean(d.level || (!d.app && d.unknownAllowed));
  if (allows(decision) && (!alternative || allows(alternative))) {
    return new Response(null, { status: 200, headers: identityHeaders(actor, decision, config.identityHeaders) });
  }
  const app = (alternative && !allows(alternative) ? alternative : decision).app;
  await recordAppDenied(getSql(), {
    userId: actor.user.id,
    // Addresses nobody protected fold into one row an hour, however many spellings are tried (attack14).
    app: app?.id ?? "unprotected",
    url: target.address.origin + target.address.path,
    method: target.method,
    reason: app ? "no access" : "not protected",
    ...context.client,
  });
  context.notes.denialAudited = true;
  // Whoever may protect apps learns what is missing and where to fix it: they can list every protected
  // app in Manage anyway, so this page tells them nothing new.
  if (!app && actor.permissions.has("app-protect")) return unprotected(target.address.origin + target.address.path);
  // One answer whether or not somebody protected the address: the page doesn't tell which apps are
  // guarded, nor by whom, nor where a protected path begins (attack16): the origin asked about, always.
  return forbidden(context, appLabel, "Ask an administrator to give you access, or to put the app on a board you can see.");
}

function forbidden(context: AppLoadContext, app: string, ask: string): Response {
  const actor = context.actor as SignedInActor;
  const who = actor.user.displayName ?? actor.user.username;
  return new Response(forbiddenPage({ app, who, ask, porch: getConfig().baseUrl!.origin }), {
    status: 403,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

/** For holders of app-protect only: nobody protected this address, and where to protect it. */
function unprotected(app: string): Response {
  const porch = getConfig().baseUrl!.origin;
  return new Response(unprotectedPage({ app, porch, protect: `${porch}/manage/apps` }), {
    status: 403,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

/**
 * Header values are bytes: a name like "José" goes out as its UTF-8 bytes (what apps reading these
 * headers expect), and nothing that could end the header or start another one.
 */
function headerValue(value: string): string {
  // Most names are printable ASCII already: nothing to encode.
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = new TextEncoder().encode(value.replace(/[\u0000-\u001f\u007f]/g, ""));
  return String.fromCharCode(...bytes);
}

function identityHeaders(actor: SignedInActor, decision: AppDecision, names: IdentityHeaders): Headers {
  const headers = new Headers();
  // A key made not to act as its owner carries only its own permissions: the app isn't told the owner's
  // groups either, or it would map them to the owner's roles there (attack14).
  const narrowKey = actor.kind === "api-key" && !actor.apiKey.actAsOwner;
  headers.set(names.user, headerValue(actor.user.username));
  headers.set(names.name, headerValue(actor.user.displayName ?? actor.user.username));
  // Always all four, empty when unknown: a proxy that copies only the headers present (Caddy before 2.10)
  // would otherwise pass on a value the client sent itself. The email only when it can be believed.
  headers.set(names.email, headerValue(decision.verifiedEmail ?? ""));
  // Comma-separated, as Authelia, authentik and oauth2-proxy send them; a comma in a name would split it.
  headers.set(names.groups, headerValue(narrowKey ? "" : decision.groups.filter((g) => !g.includes(",")).join(",")));
  return headers;
}
