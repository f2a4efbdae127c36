import { maskPath } from "../redact.server";

/** One JSON line per request on stdout; invite and reset tokens in the path are written as [token]. */
export function logRequest(
  request: Request,
  response: Response,
  facts: { requestId: string; started: number; userId: string | null },
): void {
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      requestId: facts.requestId,
      method: request.method,
      path: maskPath(new URL(request.url).pathname),
      status: response.status,
      ms: Math.round(performance.now() - facts.started),
      userId: facts.userId,
    }),
  );
}
