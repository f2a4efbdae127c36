import { getSql } from "~/db.server";

/** Connection-level failures: the database is away, not the query wrong. */
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/** A one-second `select 1`: true when PostgreSQL answers. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await Promise.race([getSql()`select 1`, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1000))]);
    return true;
  } catch {
    return false;
  }
}

export function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  // SQLSTATE class 08: connection exceptions.
  return typeof code === "string" && (DOWN_CODES.has(code) || code.startsWith("08"));
}

/** A friendly 503: JSON for the API, a small page for people. */
export function databaseUnavailable(request: Request): Response {
  const headers = { "Retry-After": "5", "Cache-Control": "no-store" };
  if (new URL(request.url).pathname.startsWith("/api/")) {
    return Response.json({ error: "database_unavailable", message: "Porch can't reach its database right now." }, { status: 503, headers });
  }
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Porch is unavailable</title>
<body style="font-family:system-ui;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>Porch can't reach its database</h1><p>This is usually brief. Try again in a few seconds.</p></body></html>`;
  return new Response(html, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
