import { resolveActor, type Actor } from "~/auth/actor.server";
import { resolveApiKey, type ApiKeyResult } from "~/auth/api-key.server";
import type { AlsoColumn } from "~/auth/session.server";
import type { Config } from "~/config.server";
import type { RequestSettings } from "~/models/request-settings.server";
import type { Db } from "~/db.server";
import type { Credentials } from "./credentials.server";

/** The session a cookie validated to (null for guests and API keys): the cookie step refreshes or clears by it. */
export type ValidatedCookie = Awaited<ReturnType<typeof resolveActor>>["validated"];

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Who is asking, in one SQL round trip: the API key's owner (or the key's refusal, 401 or 429), else
 * whoever the session cookie validates to, else a guest; a signed-in actor's statement brings the
 * server settings along, and `also` when a step asks for it (forward auth's facts).
 */
export async function resolveRequestActor(
  db: Db,
  credentials: Credentials,
  client: Client,
  config: Pick<Config, "lockout" | "sessionExpiryMs" | "sessionMaxLifetimeMs">,
  also?: AlsoColumn,
): Promise<{ actor: Actor; session: ValidatedCookie; settings?: RequestSettings; also?: unknown } | Response> {
  if (credentials.kind === "api-key") {
    const result = await resolveApiKey(db, credentials.key, client, config.lockout, new Date(), also);
    return result.ok ? { actor: result.actor, session: null, settings: result.settings, also: result.also } : apiKeyRefused(result);
  }
  const policy = { expiryMs: config.sessionExpiryMs, maxLifetimeMs: config.sessionMaxLifetimeMs };
  const { actor, validated } = await resolveActor(db, credentials.token, policy, also);
  return { actor, session: validated, settings: validated?.settings, also: validated?.also };
}

function apiKeyRefused(result: Extract<ApiKeyResult, { ok: false }>): Response {
  if (result.reason === "throttled") {
    return Response.json(
      { error: "Too many failed API key attempts from this address. Try again later." },
      { status: 429, headers: { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) } },
    );
  }
  return Response.json(
    { error: result.message },
    { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"', "Cache-Control": "no-store" } },
  );
}

/** The user acting, through a session or an API key; null for a guest. */
export function actingUserId(actor: Actor): string | null {
  return actor.kind === "guest" ? null : actor.user.id;
}
