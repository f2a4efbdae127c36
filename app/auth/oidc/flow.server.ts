// The two legs of an OIDC sign-in (start at the provider, come back to the callback) and sign-out at
// the provider. Failures go back to the login page with a plain message; the precise reason goes to
// the audit log and the server log.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { OAuth2RequestError } from "remix-auth-oauth2";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { usesTwoFactor } from "~/models/two-factor.server";
import { outboundLink } from "~/server/links.server";
import { redirectAfterSignIn, returnDestination } from "~/server/return-to.server";
import type { OidcErrorCode } from "./messages";
import { createPendingSignIn, pendingCookie } from "../pending-sign-in.server";
import { clearCookie, readPorchCookie, setCookie } from "../cookie.server";
import { finishSignIn } from "../finish-sign-in.server";
import { discover, OidcUnavailableError } from "./discovery.server";
import {
  CALLBACK_PATH,
  clearFlowCookies,
  OidcSignInError,
  oidcStrategy,
  provisionOidcUser,
  resolveProfile,
  type OidcOutcome,
} from "./oidc.server";

/** The redirect URI registered at the provider: BASE_URL's (OIDC needs it), never from the request's Host. */
export const redirectUri = () => outboundLink(CALLBACK_PATH);
export const POST_LOGOUT_PATH = "/auth/login?signedOut=1";

function oidcAuthenticatorFor(request: Request, context: AppLoadContext, reauth = false) {
  const config = getConfig();
  const oidc = config.oidc!;
  return async () => {
    const metadata = await discover(oidc);
    const authenticator = new Authenticator<OidcOutcome>();
    authenticator.use(
      oidcStrategy(
        oidc,
        metadata,
        { redirectURI: redirectUri(), secureCookies: config.secureCookies, reauth },
        async ({ claims, accessToken }) => {
          const profile = await resolveProfile(oidc, metadata, claims, accessToken);
          return provisionOidcUser(getSql(), oidc, metadata, profile, context.client);
        },
      ),
      "oidc",
    );
    return authenticator;
  };
}

/**
 * Leg one: off to the provider (a redirect thrown by the strategy), remembering where to come back to.
 * `reauth`: a signed-in person confirming it's them (a sensitive action): the provider must sign them in again.
 */
export async function startOidcSignIn(request: Request, context: AppLoadContext, reauth = false): Promise<Response> {
  const back = await returnDestination(getSql(), new URL(request.url).searchParams.get("redirectTo"));
  const secure = getConfig().secureCookies;
  try {
    await (await oidcAuthenticatorFor(request, context, reauth)()).authenticate("oidc", request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status >= 300 && thrown.status < 400) {
      const headers = new Headers(thrown.headers);
      headers.append("Set-Cookie", setCookie("signInReturn", back, secure));
      // A confirmation counts only if the provider says it asked after this moment (auth_time).
      if (reauth) headers.append("Set-Cookie", setCookie("reauth", String(Date.now()), secure));
      return new Response(null, { status: thrown.status, headers });
    }
    return failed(request, context, thrown);
  }
  return failed(request, context, new OidcSignInError("the strategy didn't redirect"));
}

/** Leg two: the provider sends the browser back with a code; the session starts here. */
export async function finishOidcSignIn(request: Request, context: AppLoadContext): Promise<Response> {
  let outcome: OidcOutcome;
  try {
    outcome = await (await oidcAuthenticatorFor(request, context)()).authenticate("oidc", request);
  } catch (error) {
    return failed(request, context, error);
  }
  const config = getConfig();
  const headers = new Headers();
  for (const c of clearFlowCookies(request, config.secureCookies)) headers.append("Set-Cookie", c);
  headers.append("Set-Cookie", clearCookie("signInReturn", config.secureCookies));
  headers.append("Set-Cookie", clearCookie("reauth", config.secureCookies));
  const provedAt = provedAtOf(outcome.authTime, readPorchCookie(request, "reauth", config.secureCookies));
  const back = await returnDestination(getSql(), readPorchCookie(request, "signInReturn", config.secureCookies));
  if (await usesTwoFactor(getSql(), outcome.userId)) {
    // The provider's word is not the whole sign-in: the code step spends and forgives the account's budget.
    const token = await createPendingSignIn(getSql(), {
      userId: outcome.userId,
      remember: false,
      redirectTo: back,
      idToken: outcome.idToken,
    });
    headers.append("Set-Cookie", pendingCookie(token, config.secureCookies));
    return redirect("/auth/2fa", { headers });
  }
  headers.append(
    "Set-Cookie",
    // Proved when the provider last signed them in, not now: a provider that reuses its own session
    // hasn't asked them anything (a sensitive action then sends them back with prompt=login).
    await finishSignIn(context, outcome.userId, {
      remember: false,
      provider: "oidc",
      idToken: outcome.idToken,
      provedAt,
    }),
  );
  return redirectAfterSignIn(back, { headers });
}

/**
 * When the provider last asked the person to sign in, as far as a sensitive action is concerned. A
 * confirmation (`reauthSince`: when it started, from its cookie) counts only with an auth_time after
 * it: a provider that ignored prompt=login, or didn't say (it must, as max_age was sent), proves nothing.
 * An ordinary sign-in counts from its auth_time; when the provider doesn't say, it proves nothing.
 */
function provedAtOf(authTime: Date | undefined, reauthSince: string | null | undefined): Date | null | undefined {
  const since = Number(reauthSince);
  // Without auth_time the provider may have signed them in silently (attack29): no proof.
  if (!reauthSince || !Number.isFinite(since)) return authTime ?? null;
  // A second of slack: auth_time has whole seconds.
  return authTime && authTime.getTime() >= since - 1000 ? authTime : null;
}

/** Why it failed, in two registers: a code for the login page, the whole story for the audit and log. */
async function failed(request: Request, context: AppLoadContext, error: unknown): Promise<Response> {
  let code: OidcErrorCode = "failed";
  let reason: string;
  if (error instanceof OidcUnavailableError) [code, reason] = ["unavailable", error.message];
  else if (error instanceof OAuth2RequestError)
    [code, reason] = [
      error.code === "access_denied" ? "denied" : "failed",
      `provider error: ${error.code}${error.description ? ` (${error.description})` : ""}`,
    ];
  else if (error instanceof OidcSignInError) [code, reason] = [error.code, error.reason];
  else if (error instanceof ReferenceError && /state on cookie|code verifier/.test(error.message))
    [code, reason] = ["expired", `state cookie missing: ${error.message}`];
  else if (error instanceof RangeError) [code, reason] = ["expired", `state mismatch: ${error.message}`];
  else if (error instanceof Error) reason = `${error.name}: ${error.message}`;
  else throw error;
  console.error(JSON.stringify({ level: "warn", msg: "oidc sign-in failed", reason }));
  await recordAudit(getSql(), {
    action: "auth.sign-in.failed",
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    details: { provider: "oidc", reason },
  });
  // Only the code travels: the login page looks its sentence up (OIDC_ERRORS).
  return redirect(`/auth/login?error=${code}`);
}

/** Where sign-out should go: the provider's end_session_endpoint when it has one and we hold an id_token. */
export async function providerLogoutUrl(idToken: string | null): Promise<string | null> {
  const oidc = getConfig().oidc;
  if (!oidc || !idToken) return null;
  try {
    const metadata = await discover(oidc);
    if (!metadata.endSessionEndpoint) return null;
    const url = new URL(metadata.endSessionEndpoint);
    url.searchParams.set("id_token_hint", idToken);
    url.searchParams.set("post_logout_redirect_uri", outboundLink(POST_LOGOUT_PATH));
    url.searchParams.set("client_id", oidc.clientId);
    return url.toString();
  } catch {
    return null; // the provider is away: sign out here at least
  }
}
