/** Connection-level failures: the database is away, not the query wrong. */
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
]);

export function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === "string" && DOWN_CODES.has(code);
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
