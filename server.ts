/**
 * Porch's runtime entry: one file for Deno (Deno.serve) and Node (node:http).
 * Static files from build/client, everything else through the pipeline the Remix build exports.
 * Built to build/server.mjs by scripts/build.mjs; run by `npm start` (Deno) or `npm run start:node`.
 */
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/server-runtime";
import { badRequestTarget, sendWebResponse, toWebRequest } from "./app/server/node-http.server";
import { indexStatic, serveStatic } from "./app/server/static.server";

type Runtime = typeof import("./app/server/runtime.server");

interface DenoServer {
  shutdown(): Promise<void>;
  finished: Promise<void>;
}
interface DenoApi {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): DenoServer;
  addSignalListener(signal: string, handler: () => void): void;
}
const Deno = (globalThis as { Deno?: DenoApi }).Deno;

const buildDir = path.resolve(process.env.PORCH_BUILD_DIR ?? "build");
const clientDir = path.join(buildDir, "client");
const SHUTDOWN_GRACE_MS = 10_000;
const KEEP_ALIVE_IDLE_MS = 130_000;

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

const problems: string[] = [];
const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
const runtime = build.entry.module as unknown as Runtime;
problems.push(...runtime.configProblems(process.env).map((p) => `Configuration: ${p}`));
if (problems.length) fail(problems);

let ready: Awaited<ReturnType<Runtime["startup"]>>;
try {
  ready = await runtime.startup();
} catch (error) {
  fail([(error as Error).message]);
}
indexStatic(clientDir);
const pipeline = runtime.createPipeline(build, process.env.NODE_ENV === "development" ? "development" : "production");

// Requests being answered now; a stopping server waits for them (Deno's shutdown() would cut off
// bodies still being uploaded, so it is called only once none is left).
let inFlight = 0;
let draining = false;

async function handle(request: Request, remoteAddress: string | null): Promise<Response> {
  // A Host that isn't a host (Deno hands on `localhost:99999`): 400 here, never a 500 further on.
  if (!URL.canParse(request.url)) return badRequestTarget();
  if (draining) {
    return new Response("Porch is restarting, try again in a moment.\n", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "2", Connection: "close" },
    });
  }
  inFlight++;
  try {
    return (await serveStatic(request, clientDir)) ?? (await pipeline(request, remoteAddress));
  } catch (error) {
    runtime.logError("request failed", error);
    return new Response("Internal Server Error\n", { status: 500, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } finally {
    inFlight--;
  }
}

async function drain(deadline: number): Promise<void> {
  draining = true;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

const runtimeName = Deno ? "Deno" : "Node";
const shownHost = ["0.0.0.0", "::"].includes(ready.host) ? "localhost" : ready.host.includes(":") ? `[${ready.host}]` : ready.host;
const announce = () => {
  const origin = `http://${shownHost}:${ready.port}`;
  const migrations = ready.applied.length === 1 ? "1 database migration" : `${ready.applied.length} database migrations`;
  console.log(`Porch is ready on ${origin} (${runtimeName}${ready.applied.length ? `; applied ${migrations}` : ""})`);
  // Where people must open it: BASE_URL when set (forms from any other address are refused as cross-origin).
  const publicAddress = process.env.BASE_URL?.trim().replace(/\/+$/, "") || origin;
  if (publicAddress !== origin) console.log(`Open it at ${publicAddress} (BASE_URL): forms sent from another address are refused.`);
  if (ready.onboarded) return;
  console.log(`Open ${publicAddress}/init to create the first administrator.`);
  // Whoever opens /init first becomes the administrator: say so when that could be someone on the network.
  if (["0.0.0.0", "::"].includes(ready.host)) {
    console.log(
      `Until you do, anyone who can reach port ${ready.port} on this machine's networks can (HOST=${ready.host}; HOST=127.0.0.1 listens for this machine only).`,
    );
  }
};

// Signal handlers come before listening: "ready" must never be printed while a Ctrl-C still kills us outright.
let stopping = false;
let stop: () => Promise<void> = async () => {};
async function onSignal(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`Porch received ${signal}, finishing requests…`);
  const force = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
  await drain(Date.now() + SHUTDOWN_GRACE_MS - 500);
  await stop().catch(() => {});
  await runtime.shutdown().catch(() => {});
  clearTimeout(force);
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  if (Deno) Deno.addSignalListener(signal, () => void onSignal(signal));
  else process.on(signal, () => void onSignal(signal));
}

// One line naming the setting, as for every other start-up problem (not the runtime's stack trace).
async function cannotListen(error: unknown): Promise<never> {
  const code = (error as { code?: string; name?: string })?.code ?? (error as { name?: string })?.name;
  const why =
    code === "EADDRINUSE" || code === "AddrInUse"
      ? `port ${ready.port} on ${ready.host} is already in use: stop what listens there, or set PORT to another port`
      : code === "EACCES" || code === "PermissionDenied"
        ? `port ${ready.port} needs privileges Porch doesn't have: set PORT to 1024 or above`
        : `can't listen on ${ready.host}:${ready.port} (${String(error)}): check HOST and PORT`;
  console.error(`Configuration: ${why}`);
  await runtime.shutdown().catch(() => {});
  process.exit(1);
}

if (Deno) {
  try {
    // HTTP/1.1 requires a Host header; Node's server refuses a request without one itself, Deno's doesn't.
    const server = Deno.serve({ port: ready.port, hostname: ready.host, onListen: announce }, (request, info) =>
      request.headers.has("host") ? handle(request, info.remoteAddr.hostname) : Promise.resolve(badRequestTarget()),
    );
    stop = () => server.shutdown();
  } catch (error) {
    await cannotListen(error);
  }
} else {
  const server = createServer((req, res) => {
    let request: Request;
    try {
      request = toWebRequest(req, res);
    } catch {
      void sendWebResponse(res, badRequestTarget());
      return;
    }
    handle(request, req.socket.remoteAddress ?? null).then((response) => sendWebResponse(res, response));
  });
  // Idle connections stay open longer than the clients that pool them wait before reusing one (Caddy's
  // transport 2 min, Go's and Traefik's 90 s, nginx's upstream keepalive 60 s): Node's default of 5 s
  // races them, and a request written as the server closes the socket dies (ECONNRESET, a 502 behind a
  // proxy). Deno's server already keeps them (tests/e2e/keep-alive.spec.ts). The header and request timeouts stay.
  server.keepAliveTimeout = KEEP_ALIVE_IDLE_MS;
  server.once("error", (error) => void cannotListen(error));
  server.listen(ready.port, ready.host, announce);
  stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}
