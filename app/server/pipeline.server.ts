import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/server-runtime";
import { resolveActor, type Actor } from "~/auth/actor.server";
import { readApiKey, resolveApiKey } from "~/auth/api-key.server";
import { clearSessionCookie, cookieName, readPorchCookie, sessionCookie } from "~/auth/cookie.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordDenied } from "~/models/audit.server";
import type { PorchContext } from "~/load-context";
import { createNonce, securityHeaders } from "./headers.server";
import { atTrustedOrigin, clientIp, hostNotAllowed, isCrossOriginRefused, publicOrigin } from "./origin.server";
import { carriesToken, maskPath } from "./redact.server";
import { admitRequest } from "./request-gate.server";
import { guardRoutes } from "./route-guard.server";
import { databaseAnswers, databaseUnavailable, isDatabaseDown } from "./unavailable.server";

export type Pipeline = (request: Request, remoteAddress: string | null) => Promise<Response>;

/**
 * Every request but static files passes here: origin check, actor resolution (one SQL round trip),
 * Remix, then the session cookie's refresh or removal, security headers and an access log line.
 */
export function createPipeline(build: ServerBuild, mode = "production"): Pipeline {
  const handleRemix = createRequestHandler(guardRoutes(build), mode);
  return async (incoming, remoteAddress) => {
    const started = performance.now();
    // Junk no route can handle is answered first (request-gate.server.ts); the body is read here, once.
    const admitted = await admitRequest(incoming);
    const request = admitted instanceof Request ? admitted : incoming;
    const config = getConfig();
    const requestId = crypto.randomUUID();
    const apiKey = new URL(request.url).pathname.startsWith("/api/") ? readApiKey(request) : null;
    // A request with an API key is the key's alone: its cookie is neither read nor touched.
    const token = apiKey === null ? readPorchCookie(request, "session", config.secureCookies) : undefined;
    const nonce = createNonce();
    // Which origin we trust and which client we believe: decided once, here (origin.server.ts).
    const place = publicOrigin(request, remoteAddress, config);
    let userId: string | null = null;
    let response: Response;
    try {
      const client = { ip: clientIp(request, remoteAddress, config.trustProxy), userAgent: request.headers.get("user-agent") };
      const keyResult =
        apiKey === null || admitted instanceof Response || !place.ok ? null : await resolveApiKey(getSql(), apiKey, client, config.lockout);
      if (admitted instanceof Response) {
        response = admitted;
      } else if (!place.ok) {
        response = hostNotAllowed(place);
      } else if (keyResult && !keyResult.ok) {
        response =
          keyResult.reason === "throttled"
            ? Response.json(
                { error: "Too many failed API key attempts from this address. Try again later." },
                {
                  status: 429,
                  headers: { "Retry-After": String(Math.ceil(keyResult.retryAfterMs / 1000)) },
                },
              )
            : Response.json(
                { error: keyResult.message },
                {
                  status: 401,
                  headers: { "WWW-Authenticate": 'Bearer error="invalid_token"', "Cache-Control": "no-store" },
                },
              );
      } else if (!keyResult && isCrossOriginRefused(request, place.origin, token !== undefined)) {
        // The usual innocent cause is a Porch opened at another address than BASE_URL: say where it lives.
        response = new Response(`Cross-origin request refused: Porch's address is ${place.origin}. Open it there and try again.\n`, {
          status: 403,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      } else {
        const policy = { expiryMs: config.sessionExpiryMs, maxLifetimeMs: config.sessionMaxLifetimeMs };
        const { actor, validated }: { actor: Actor; validated: Awaited<ReturnType<typeof resolveActor>>["validated"] } = keyResult?.ok
          ? { actor: keyResult.actor, validated: null }
          : await resolveActor(getSql(), token, policy);
        const context: PorchContext = {
          actor,
          client,
          origin: place.origin,
          requestId,
          cspNonce: nonce,
          flags: { databaseFailed: false },
        };
        if (actor.kind !== "guest") userId = actor.user.id;
        response = await handleRemix(atTrustedOrigin(request, place.origin), context as unknown as AppLoadContext);
        if (actor.kind !== "guest" && (response.status === 403 || response.status === 404)) {
          await recordDenied(getSql(), {
            userId: actor.user.id,
            path: new URL(request.url).pathname.replace(/\.data$/, "").slice(0, 512),
            status: response.status,
            method: request.method,
            ...context.client,
          });
        }
        const headers = new Headers(response.headers);
        const routeSetCookie = headers.getSetCookie().some((c) => c.startsWith(`${cookieName("session", config.secureCookies)}=`));
        if (!routeSetCookie && token !== undefined) {
          if (!validated) headers.append("Set-Cookie", clearSessionCookie({ secure: config.secureCookies }));
          else if (validated.refreshed && validated.session.remember) {
            headers.append("Set-Cookie", sessionCookie(token, { expires: validated.session.expiresAt, secure: config.secureCookies }));
          }
        }
        response = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
        // A loader that failed because the database went away mid-request: say so, as a 503.
        if (response.status === 500 && (context.flags.databaseFailed || !(await databaseAnswers()))) {
          response = databaseUnavailable(request);
        }
      }
    } catch (error) {
      if (!isDatabaseDown(error) && (await databaseAnswers())) throw error;
      console.error(JSON.stringify({ level: "error", msg: "database unavailable", requestId, error: String(error) }));
      response = databaseUnavailable(request);
    }
    // A page whose address holds a secret (invite, reset) sends no Referer, not even to us: proxies log it.
    if (carriesToken(new URL(request.url).pathname)) response.headers.set("Referrer-Policy", "no-referrer");
    const html = response.headers.get("content-type")?.startsWith("text/html") ?? false;
    const https = place.ok && place.origin.startsWith("https:");
    const formActionOrigins = config.oidc ? [new URL(config.oidc.issuer).origin] : [];
    for (const [name, value] of Object.entries(
      securityHeaders({ nonce, html, https, development: mode === "development", formActionOrigins }),
    )) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    response.headers.set("X-Request-Id", requestId);
    if (config.accessLog) {
      const url = new URL(request.url);
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          requestId,
          method: request.method,
          path: maskPath(url.pathname),
          status: response.status,
          ms: Math.round(performance.now() - started),
          userId,
        }),
      );
    }
    return response;
  };
}
