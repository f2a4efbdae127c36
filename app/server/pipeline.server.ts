import type { ServerBuild } from "@remix-run/server-runtime";
import { getConfig, type Config } from "~/config.server";
import { getSql } from "~/db.server";
import { FORWARD_AUTH_ROUTES, forwardAuthFlavour, readForwardedTarget, type ForwardAuthFlavour } from "~/forward-auth/target.server";
import { appFactsColumn, type AppFacts } from "~/permissions/protected-apps.server";
import { readProxyIdentity } from "~/auth/proxy/identity.server";
import { proxySignIn } from "~/auth/proxy/sign-in.server";
import { recordProxyHeaderIgnored } from "~/models/audit.server";
import { sessionPlace } from "~/auth/cookie.server";
import type { PorchContext } from "~/load-context";
import { createNonce } from "./headers.server";
import { atTrustedOrigin, clientIp, publicOrigin, type PublicOrigin } from "./origin.server";
import { admitRequest } from "./request-gate.server";
import { logRequest } from "./steps/access-log.server";
import { compressResponse } from "./steps/compression.server";
import { readCredentials } from "./steps/credentials.server";
import { orDatabaseUnavailable } from "./steps/database-lost.server";
import { recordDenial } from "./steps/denial.server";
import { checkOrigin } from "./steps/origin-check.server";
import { ROUTE_TABLE } from "~/routes.table";
import type { RouteTableLike } from "./route-guard.server";
import { recall, remember } from "./steps/known-askers.server";
import { remixHandler, type RemixHandler } from "./steps/remix.server";
import { actingUserId, resolveRequestActor } from "./steps/request-actor.server";
import { addResponseHeaders } from "./steps/response-headers.server";
import { refreshSessionCookie } from "./steps/session-cookie.server";

export type Pipeline = (request: Request, remoteAddress: string | null) => Promise<Response>;

/** One request as the steps hand it on; `userId` is known once the actor is (the access log names it). */
interface Exchange {
  request: Request;
  remoteAddress: string | null;
  config: Config;
  place: PublicOrigin;
  requestId: string;
  nonce: string;
  userId: string | null;
}

/**
 * Every request but static files passes here, through these steps in order (app/server/steps/): admit
 * it, read its credentials, check its origin, resolve the actor (one SQL round trip), call Remix,
 * record a denial, refresh or clear the session cookie; a lost database makes any of that a 503; then
 * the headers every answer carries, compression when it is accepted and safe, and one access log line.
 */
export function createPipeline(build: ServerBuild, mode = "production", table: RouteTableLike = ROUTE_TABLE): Pipeline {
  const remix = remixHandler(build, mode, table);
  const checks = forwardAuthChecks(remix);
  return async (incoming, remoteAddress) => {
    const started = performance.now();
    // Junk no route can handle is answered first (request-gate.server.ts); the body is read here, once.
    const admitted = await admitRequest(incoming);
    const request = admitted instanceof Request ? admitted : incoming;
    const config = getConfig();
    const exchange: Exchange = {
      request,
      remoteAddress,
      config,
      // Which origin we trust: decided once, here (origin.server.ts).
      place: publicOrigin(request, remoteAddress, config),
      requestId: crypto.randomUUID(),
      nonce: createNonce(),
      userId: null,
    };
    const { requestId, nonce, place } = exchange;
    const answered =
      admitted instanceof Response ? admitted : await orDatabaseUnavailable(request, requestId, () => answer(exchange, remix, checks));
    // Refused before anyone was identified (a bad key, a body too large, junk, a cross-origin write): the API still says so.
    if (isApiPath(new URL(request.url).pathname) && !answered.headers.has("X-Porch-Actor")) answered.headers.set("X-Porch-Actor", "none");
    const response = await apiShaped(request, answered);
    const https = place.ok && place.origin.startsWith("https:");
    addResponseHeaders(response, request, { requestId, nonce, https, development: mode === "development" }, config);
    const sent = await compressResponse(request, response);
    if (config.accessLog) logRequest(request, sent, { requestId, started, userId: exchange.userId });
    return sent;
  };
}

/** Every path under /api/, /api/auth/ included: what the API's answers (headers, JSON refusals) cover. */
const isApiPath = (pathname: string) => pathname.toLowerCase().startsWith("/api/");

/**
 * Every refusal under /api/ in the API's shape, `{"error": …}`, whichever step or route gave it: Remix's
 * own (its 404 page; `{"message":"Unexpected Server Error"}` with a 405), the origin check's and the
 * gate's plain text, a route's page-style refusal (attack7, attack8, attack9). Status and headers stay.
 */
async function apiShaped(request: Request, response: Response): Promise<Response> {
  const { pathname } = new URL(request.url);
  // Forward auth answers a proxy, which shows its refusal page to a person at the app's address.
  if (response.status < 400 || !isApiPath(pathname) || forwardAuthFlavour(pathname)) return response;
  const type = response.headers.get("content-type") ?? "";
  const remix405 =
    response.status === 405 &&
    type.includes("json") &&
    "message" in
      ((await response
        .clone()
        .json()
        .catch(() => ({}))) as object);
  if (type.includes("json") && !remix405) return response;
  const error =
    response.status === 404
      ? "No such API endpoint: see /api/openapi.json."
      : response.status === 405
        ? `This endpoint doesn't take ${request.method}: see /api/openapi.json.`
        : (await response.text()).trim() || response.statusText;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.set("Content-Type", "application/json");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify({ error }), { status: response.status, headers });
}

/**
 * Forward auth's two routes called straight, past Remix's router: they answer every request to every
 * protected app, and read only the context (the target was read above). GET only, as the route table
 * says; anything else goes through Remix as every route does, and gets its answer (405).
 */
type ForwardAuthChecks = Partial<Record<ForwardAuthFlavour, ReturnType<RemixHandler["resource"]>>>;
function forwardAuthChecks(remix: RemixHandler): ForwardAuthChecks {
  const checks: ForwardAuthChecks = {};
  for (const [flavour, id] of Object.entries(FORWARD_AUTH_ROUTES)) checks[flavour as ForwardAuthFlavour] = remix.resource(id);
  return checks;
}

/** From the request's credentials to Remix's answer, and back out past the audit log and the session cookie. */
async function answer(exchange: Exchange, remix: RemixHandler, checks: ForwardAuthChecks): Promise<Response> {
  const { request, config, requestId, nonce } = exchange;
  const credentials = readCredentials(request, config.secureCookies, config.cookieDomain);
  const origin = checkOrigin(request, exchange.place, credentials);
  if (origin instanceof Response) return origin;
  // Which client we believe: decided once, here (origin.server.ts).
  const client = { ip: clientIp(request, exchange.remoteAddress, config.trustProxy), userAgent: request.headers.get("user-agent") };
  // The proxy's question names the app's request in forwarding headers, which atTrustedOrigin removes;
  // its facts ride along in the actor's statement (ADR 033).
  const flavour = forwardAuthFlavour(new URL(request.url).pathname);
  const forwarded = flavour ? readForwardedTarget(request, flavour) : undefined;
  const also = forwarded?.ok ? appFactsColumn(forwarded.address) : undefined;
  // Behind an identity-aware proxy (AUTH_PROVIDERS=…,proxy): the person its headers name, if the proxy
  // itself sent them (ADR 034). An API key's request is the key's alone.
  const claim = credentials.kind === "cookie" ? readProxyIdentity(request, exchange.remoteAddress, config) : null;
  // Forward auth asks the same again and again: what it learnt holds while nothing that decides it
  // changed (ADR 035). Its paths never sign anyone in from a proxy's headers (readProxyIdentity).
  const address = forwarded?.ok ? forwarded.address : undefined;
  const recalled = address ? await recall(getSql(), credentials, address) : null;
  let resolved = recalled ?? (await resolveRequestActor(getSql(), credentials, client, config, also));
  if (resolved instanceof Response) return resolved;
  if (address && !recalled) remember(credentials, address, resolved);
  if (claim && !claim.trusted) await recordProxyHeaderIgnored(getSql(), { header: claim.header, ...client });
  if (claim?.trusted && config.proxyAuth) {
    const { actor: current, session: validated } = resolved;
    const step = await proxySignIn(
      getSql(),
      request,
      { actor: current, session: validated },
      claim.identity,
      config.proxyAuth,
      {
        actor: current,
        client,
      },
      config.secureCookies,
    );
    if (step instanceof Response) return step;
    if (step === "resynced") {
      resolved = await resolveRequestActor(getSql(), credentials, client, config, also);
      if (resolved instanceof Response) return resolved;
    }
  }
  const { actor, session, settings } = resolved;
  exchange.userId = actingUserId(actor);
  const context: PorchContext = { actor, client, origin, requestId, cspNonce: nonce, notes: {}, ...(settings ? { settings } : {}) };
  if (forwarded) context.forwarded = forwarded;
  if (resolved.also) context.appFacts = resolved.also as AppFacts;
  const check = flavour && request.method === "GET" && !new URL(request.url).pathname.endsWith(".data") ? checks[flavour] : undefined;
  const response = check ? await check(request, context) : await remix(atTrustedOrigin(request, origin), context);
  // Who the JSON API answered as: a script whose key went missing sees "guest", not just fewer boards.
  if (isApiPath(new URL(request.url).pathname)) response.headers.set("X-Porch-Actor", actor.kind);
  if (!context.notes.denialAudited) await recordDenial(getSql(), request, response, actor, client);
  // A session renewed on the way (a proof given in it): its cookie, unless the route set one itself.
  const renewed = context.notes.sessionCookie;
  const answer = renewed ? withCookie(response, renewed) : response;
  return refreshSessionCookie(answer, credentials, session, sessionPlace(config));
}

function withCookie(response: Response, cookie: string): Response {
  const headers = new Headers(response.headers);
  const name = cookie.slice(0, cookie.indexOf("="));
  if (!headers.getSetCookie().some((c) => c.startsWith(`${name}=`))) headers.append("Set-Cookie", cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
