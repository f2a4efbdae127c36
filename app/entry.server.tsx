import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { PassThrough, Readable } from "node:stream";
import * as ReactDOMServer from "react-dom/server";
import { logError } from "./server/log.server";
import { NonceProvider } from "./utils/nonce";

// The server runtime's start, stop and request pipeline, reached by server.ts through the build.
export { configProblems, configReport, createPipeline, logError, migrateOnly, shutdown, startup } from "./server/runtime.server";
export { cliProvision, cliRecreateAdmin, cliResetPassword, cliRotateEncryptionKey } from "./server/cli.server";
// For the benchmark's round-trip count, and the board list its bare server runs (npm run bench).
export { countStatements, statementCount } from "./db.server";
export { listVisibleBoards } from "./permissions/board-list.server";

const ABORT_DELAY_MS = 5_000;

/**
 * Remix calls this for errors thrown in loaders and actions: it logs them. Whether a failure was the
 * database's (a 503 instead of the 500) is the pipeline's to decide (steps/database-lost.server.ts).
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }): void {
  if (request.signal.aborted) return;
  // Remix's own refusals (405 for a method a route has no action for, 404) are answers, not failures.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError("request failed", error, { requestId: context?.requestId });
}

/**
 * Renders on Node (renderToPipeableStream) and on Deno, whose "deno" export condition gives
 * react-dom's web build without renderToPipeableStream (renderToReadableStream instead).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const nonce = loadContext.cspNonce ?? "";
  const app = (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
    </NonceProvider>
  );

  if ("renderToPipeableStream" in ReactDOMServer && typeof ReactDOMServer.renderToPipeableStream === "function") {
    return new Promise((resolve, reject) => {
      let shellRendered = false;
      const send = () => {
        shellRendered = true;
        const body = new PassThrough();
        resolve(new Response(Readable.toWeb(body) as ReadableStream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      };
      const { pipe, abort } = ReactDOMServer.renderToPipeableStream(app, {
        nonce,
        onShellReady() {
          if (!waitForAll) send();
        },
        onAllReady() {
          // A timer left running held each finished render (its tree, request and data) for 5 s: at
          // 200 requests a second, a thousand of them alive at once for the garbage collector to walk.
          clearTimeout(timer);
          if (waitForAll) send();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError("render failed", error);
        },
      });
      const timer = setTimeout(abort, ABORT_DELAY_MS);
    });
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ABORT_DELAY_MS);
  const body = await ReactDOMServer.renderToReadableStream(app, {
    nonce,
    signal: controller.signal,
    onError(error: unknown) {
      responseStatusCode = 500;
      logError("render failed", error);
    },
  });
  if (waitForAll) await body.allReady;
  body.allReady.finally(() => clearTimeout(timer));
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}
