// Remix runs a second CSRF check on actions: the Origin's host must equal X-Forwarded-Host, else Host,
// and a mismatch throws (a 500). Both are headers Porch doesn't trust: behind a proxy that rewrites
// Host (nginx's default) every form post failed, and junk X-Forwarded-Host was a 500. Porch's own
// check (origin.server.ts, ADR 004) has already judged the Origin against the public origin before
// Remix runs, so Remix is handed the request without it: one check, ours.

export function withoutOrigin(request: Request): Request {
  if (request.method === "GET" || request.method === "HEAD" || !request.headers.has("origin")) return request;
  const headers = new Headers(request.headers);
  headers.delete("origin");
  return new Request(request, { headers });
}
