import type { IntegrationKind, KindContext } from "../kind";
import { RemoteError, remoteFetch } from "../remote.server";

// Is the service up? A GET of its URL, with an optional bearer token; below 400 counts as up.

async function check(ctx: KindContext) {
  const headers: Record<string, string> = { Accept: "*/*" };
  if (ctx.secrets.token) headers.Authorization = `Bearer ${ctx.secrets.token}`;
  try {
    const { response, ms } = await remoteFetch(ctx.url, { headers, signal: ctx.signal });
    await response.body?.cancel();
    const up = response.status < 400;
    return { ok: up, up, status: response.status, ms, message: `${response.status} ${response.statusText}`.trim() };
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    return { ok: false, up: false, status: null, ms: error.ms, message: error.message };
  }
}

export const httpStatus: IntegrationKind = {
  id: "http-status",
  label: "HTTP status",
  description: "Checks that the URL answers (any status below 400 counts as up).",
  secrets: [{ field: "token", label: "Bearer token", help: "Sent as Authorization: Bearer …, if the service needs one" }],
  options: [],
  async test(ctx) {
    const { ok, status, ms, message } = await check(ctx);
    return { ok, status, ms, message };
  },
  async widget(ctx) {
    const { up, status, ms, message } = await check(ctx);
    return { type: "status", up, status, ms, message };
  },
};
