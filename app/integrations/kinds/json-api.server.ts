import type { IntegrationKind, KindContext } from "../kind";
import { basicAuth, RemoteError, remoteFetch, remoteText } from "../remote.server";

// A JSON document from an API, with an X-Api-Key header or basic auth; the widget shows one field.

async function getJson(ctx: KindContext): Promise<{ json: unknown; status: number; ms: number }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (ctx.secrets.apiKey) headers["X-Api-Key"] = ctx.secrets.apiKey;
  if (ctx.secrets.username || ctx.secrets.password) {
    headers.Authorization = basicAuth(ctx.secrets.username ?? "", ctx.secrets.password ?? "");
  }
  const { response, ms } = await remoteFetch(ctx.url, { headers, signal: ctx.signal });
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new RemoteError(`${response.status}: the service refused the credentials`, ms);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new RemoteError(`${response.status} ${response.statusText}`.trim(), ms);
  }
  const text = await remoteText(response, ms);
  try {
    return { json: JSON.parse(text), status: response.status, ms };
  } catch {
    throw new RemoteError(`${response.status}, but the answer isn't JSON`, ms);
  }
}

/** `a.b.0.c` into the document; undefined when the path leads nowhere. */
export function pick(json: unknown, path: string): unknown {
  let node = json;
  for (const part of path.split(".").filter(Boolean)) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export const jsonApi: IntegrationKind = {
  id: "json-api",
  label: "JSON API",
  description: "GETs a JSON document (with an X-Api-Key header or basic auth) and shows a chosen field.",
  secrets: [
    { field: "apiKey", label: "API key", help: "Sent as X-Api-Key" },
    { field: "username", label: "Username", help: "For basic auth", visible: true },
    { field: "password", label: "Password", help: "For basic auth" },
  ],
  options: [
    { name: "field", label: "Field to show", help: "A dotted path into the JSON, like stats.queries or items.0.name", required: true },
  ],
  async test(ctx) {
    try {
      const { json, status, ms } = await getJson(ctx);
      const keys = json && typeof json === "object" ? Object.keys(json).slice(0, 8) : [];
      return { ok: true, status, ms, message: `${status}: JSON${keys.length ? ` with ${keys.join(", ")}` : ""}` };
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      return { ok: false, status: null, ms: error.ms, message: error.message };
    }
  },
  async widget(ctx, options) {
    const { json, ms } = await getJson(ctx);
    const value = pick(json, options.field ?? "");
    if (value === undefined) throw new RemoteError(`The answer has no field "${options.field}"`, ms);
    return { type: "value", label: options.field ?? "", value: typeof value === "object" ? JSON.stringify(value) : String(value), ms };
  },
};
