// Guards for the JSON API: the same rules as the pages, answered as JSON (401/403) instead of redirects.
import type { AppLoadContext } from "@remix-run/node";
import * as v from "valibot";
import { BodyTooLargeError, describeBytes, readLimitedText } from "~/server/read-limited.server";
import type { PermissionKey } from "./definitions";
import type { UserActor } from "./guards.server";

/** JSON answers for the API; pages get redirects and text. */
export const jsonError = (status: number, error: string, headers: HeadersInit = {}) => Response.json({ error }, { status, headers });

export function requireApiUser(context: AppLoadContext): UserActor {
  const actor = context.actor;
  if (actor.kind !== "user") throw jsonError(401, "Sign in or send an API key.", { "WWW-Authenticate": "Bearer" });
  if (actor.mustSetUpTwoFactor) throw jsonError(403, "Set up two-factor sign-in first (/settings/security).");
  return actor;
}

export function requireApiPermission(context: AppLoadContext, key: PermissionKey): UserActor {
  const actor = requireApiUser(context);
  if (!actor.permissions.has(key)) throw jsonError(403, `You need the "${key}" permission.`);
  return actor;
}

const MAX_JSON_BYTES = 256 * 1024;

/** The request's JSON body checked against `schema`; a 400 with every problem otherwise. */
export async function readJson<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json")) {
    throw jsonError(415, "Send JSON with Content-Type: application/json.");
  }
  let text: string;
  try {
    text = await readLimitedText(request, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw jsonError(413, `The body is too large: at most ${describeBytes(MAX_JSON_BYTES)}.`);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw jsonError(400, "The body is not valid JSON.");
  }
  const result = v.safeParse(schema, body);
  if (!result.success) {
    const issues = result.issues.map((i) => ({ path: v.getDotPath(i) ?? "", message: i.message }));
    throw Response.json({ error: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues }, { status: 400 });
  }
  return result.output;
}

export function methodNotAllowed(allowed: string[]): Response {
  return jsonError(405, `Use ${allowed.join(", ")}.`, { Allow: allowed.join(", ") });
}
