import type { TestInfo } from "@playwright/test";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { runtimeCommand, RUNTIME_ENV } from "../../scripts/lib/runtimes.mjs";
import { databaseFor } from "./fixtures";
import { run, type Running } from "./process";

// A Porch of the test's own (its own settings and database, beside the project's server), and the real
// reverse proxy in front of it: for what only shows with TRUST_PROXY, without BASE_URL, or on a fresh install.

const ENCRYPTION_KEY = "ab".repeat(32);

/** A fresh database next to the project's (same server and credentials), migrated by Porch when it starts. */
export async function ownDatabase(testInfo: TestInfo, name: string): Promise<string> {
  const url = new URL(databaseFor(testInfo));
  const database = `${name}_${testInfo.project.name.replace(/\W/g, "_")}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  url.pathname = `/${database}`;
  return url.toString();
}

/** The runtime of this project's server: the same Porch, on Deno or on Node. */
export const runtimeOf = (testInfo: TestInfo): "deno" | "node" => (testInfo.project.metadata.runtime === "node" ? "node" : "deno");

export async function startPorch(testInfo: TestInfo, env: Record<string, string>): Promise<Running & { port: number }> {
  const port = await freePort();
  const [command, args] = runtimeCommand(runtimeOf(testInfo));
  const server = run(command, args, {
    ...RUNTIME_ENV,
    // Nothing from the project's servers: only what the test says.
    BASE_URL: "",
    SMTP_URL: "",
    AUTH_PROVIDERS: "",
    TRUST_PROXY: "",
    ALLOWED_HOSTS: "",
    PORT: String(port),
    NODE_ENV: "production",
    PORCH_ACCESS_LOG: "false",
    SECRET_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ...env,
  });
  await server.waitFor("Porch is ready");
  return { ...server, port };
}

/**
 * Debian's nginx (scripts/lib/system-deps.mjs installs it) as the tests run it: in the foreground, from a
 * directory of its own, with the `http` block's content the test writes (`http(dir)`: its server blocks,
 * maps, files). Ready once each of `ports` answers (a 502 is an answer: the upstream may be slower).
 */
export async function runNginx(ports: number[], http: (dir: string) => string) {
  if (!existsSync("/usr/sbin/nginx")) throw new Error("nginx is missing: npm test installs it (apt-get install nginx)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "porch-nginx-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub));
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
    master_process off;
    pid ${dir}/nginx.pid;
    error_log ${dir}/error.log;
    events { worker_connections 64; }
    http {
      access_log off;
      client_body_temp_path ${dir}/body;
      proxy_temp_path ${dir}/proxy;
      fastcgi_temp_path ${dir}/fastcgi;
      uwsgi_temp_path ${dir}/uwsgi;
      scgi_temp_path ${dir}/scgi;
      ${http(dir)}
    }`,
  );
  const nginx = spawn("/usr/sbin/nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  for (const port of ports) await waitForPort(port);
  return {
    stop: async () => {
      nginx.kill("SIGTERM");
      await new Promise((resolve) => (nginx.exitCode !== null ? resolve(null) : nginx.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** nginx in front of Porch, one server block per upstream, on 127.0.0.1, as the usual guides say. */
export async function startNginx(sites: Array<{ upstream: number; bind?: string; setForwardedHost?: boolean }>) {
  const ports = await Promise.all(sites.map(() => freePort()));
  const servers = sites.map(
    (site, i) => `
    server {
      listen 127.0.0.1:${ports[i]};
      location / {
        proxy_pass http://127.0.0.1:${site.upstream};
        ${site.bind ? `proxy_bind ${site.bind};` : ""}
        # What the usual guides say: append the client to X-Forwarded-For, say the scheme and the host.
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        ${site.setForwardedHost ? "proxy_set_header X-Forwarded-Host $http_host;" : "proxy_set_header Host $http_host;"}
      }
    }`,
  );
  const { stop } = await runNginx(ports, () => servers.join("\n"));
  return { ports, stop };
}

async function waitForPort(port: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await raw(port, { path: "/api/health" });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly the headers given (Host included), as a hand-written client sends it. */
export function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; form?: Record<string, string>; from?: string },
): Promise<RawAnswer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...options.headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? (body ? "POST" : "GET"),
        path: options.path,
        headers,
        localAddress: options.from,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
