import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { applyBackchannelLogout, LogoutReplayedError } from "~/auth/oidc/backchannel.server";
import { discover, OidcUnavailableError } from "~/auth/oidc/discovery.server";
import { LogoutTokenError, verifyLogoutToken } from "~/auth/oidc/logout-token.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";

/**
 * The backchannel_logout_uri registered at the provider (OpenID Connect Back-Channel Logout 1.0): it
 * POSTs a signed logout token when a person's session there ends. 200 once acted on; 400 with the
 * reason (for the provider's log) when the token isn't one Porch may act on.
 */
/** Only the provider's POST: anything else is told which method to use. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.backchannel-logout.oidc");
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.auth.backchannel-logout.oidc");
  const { request, context } = args;
  const oidc = getConfig().oidc;
  if (!oidc) throw new Refusal("not-found");
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers.get("Content-Type") ?? "")) {
    return answer(400, "invalid_request", "Send logout_token as application/x-www-form-urlencoded.");
  }
  const tokens = new URLSearchParams(await request.text()).getAll("logout_token");
  if (tokens.length !== 1 || !tokens[0]) return answer(400, "invalid_request", "Send exactly one logout_token.");
  try {
    const metadata = await discover(oidc);
    const claims = await verifyLogoutToken(tokens[0], metadata, oidc);
    const ended = await applyBackchannelLogout(getSql(), metadata.issuer, claims, context.client);
    console.log(
      JSON.stringify({ level: "info", msg: "oidc back-channel logout", sid: claims.sid !== null, sub: claims.sub !== null, ended }),
    );
    return answer(200);
  } catch (error) {
    if (error instanceof LogoutTokenError || error instanceof LogoutReplayedError) {
      // Capped: a refused token's words must not let anyone fill the log (attack40).
      const reason = (error instanceof LogoutTokenError ? error.reason : error.message).slice(0, 200);
      console.error(JSON.stringify({ level: "warn", msg: "oidc back-channel logout refused", reason, ip: context.client.ip }));
      return answer(400, "invalid_request", `Refused: ${reason}.`);
    }
    // The provider's keys can't be fetched: it may send the token again later.
    if (error instanceof OidcUnavailableError) return answer(503, "temporarily_unavailable", error.message);
    throw error;
  }
}

function answer(status: number, error?: string, description?: string): Response {
  const headers = { "Cache-Control": "no-store" };
  if (!error) return new Response(null, { status, headers });
  return Response.json({ error, error_description: description }, { status, headers });
}
