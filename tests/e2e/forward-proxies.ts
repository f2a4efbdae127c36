// The reverse proxies people put in front of their apps, for real: Debian's nginx (auth_request) and
// Caddy (forward_auth), configured with README's "Protect your apps" snippets, in front of a small app
// that shows what it was told. Porch is reached through nginx at porch.<domain>.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { runNginx } from "./own-server";

/** Names the browser resolves to 127.0.0.1 (--host-resolver-rules); a real suffix, so Domain cookies work. */
export const DOMAIN = "home.example.com";
export const IDENTITY = ["remote-user", "remote-name", "remote-email", "remote-groups", "remote_user", "remote_groups"] as const;

/** The app behind the proxies: answers every request with its path and the identity headers it got. */
export async function startEchoApp(): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const seen = Object.fromEntries(IDENTITY.map((h) => [h, req.headers[h] ?? null]));
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!DOCTYPE html><title>App</title><pre id="seen">${JSON.stringify({ host: req.headers.host, url: req.url, ...seen })}</pre>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function stopper(child: ChildProcess, dir: string) {
  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  };
}

async function waitForPort(port: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/", method: "HEAD" }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on("error", () => resolve(false));
      req.end();
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * nginx: the apps behind auth_request, a server block each, as README says; the first app's block is
 * where a request naming no block lands (nginx's default server). Porch at porch.<domain>, last.
 */
export async function startNginxForwardAuth(options: { port: number; porch: number; app: number; apps: string[] }) {
  const { port, porch, app } = options;
  const appBlock = (name: string) => `
      server {
        listen 127.0.0.1:${port};
        server_name ${name}.${DOMAIN};
        # README, Protect your apps (nginx):
        location = /porch-auth {
          internal;
          proxy_pass http://127.0.0.1:${porch}/api/auth/auth-request;
          proxy_pass_request_body off;
          proxy_set_header Content-Length "";
          proxy_set_header X-Original-URL $scheme://$server_name:$server_port$request_uri;
          proxy_set_header X-Original-Method $request_method;
          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
        location / {
          auth_request /porch-auth;
          auth_request_set $porch_user $upstream_http_remote_user;
          auth_request_set $porch_name $upstream_http_remote_name;
          auth_request_set $porch_email $upstream_http_remote_email;
          auth_request_set $porch_groups $upstream_http_remote_groups;
          auth_request_set $porch_login $upstream_http_location;
          error_page 401 =302 $porch_login;
          proxy_set_header Remote-User $porch_user;
          proxy_set_header Remote-Name $porch_name;
          proxy_set_header Remote-Email $porch_email;
          proxy_set_header Remote-Groups $porch_groups;
          proxy_pass http://127.0.0.1:${app};
        }
      }`;
  return runNginx(
    [port],
    () => `
      ${options.apps.map(appBlock).join("\n")}
      server {
        listen 127.0.0.1:${port};
        server_name porch.${DOMAIN};
        location / {
          proxy_pass http://127.0.0.1:${porch};
          proxy_set_header Host $http_host;
          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
      }`,
  );
}

/** README, Protect your apps (Caddy): one site per app, which names itself to Porch. */
const caddySite = (hostport: string, porch: number, app: number) => `
    http://${hostport} {
      bind 127.0.0.1
      request_header -Remote_User
      request_header -Remote_Name
      request_header -Remote_Email
      request_header -Remote_Groups
      forward_auth 127.0.0.1:${porch} {
        uri /api/auth/forward-auth
        header_up X-Forwarded-Host ${hostport}
        copy_headers Remote-User Remote-Name Remote-Email Remote-Groups
      }
      reverse_proxy 127.0.0.1:${app}
    }`;

/** Caddy: the apps behind forward_auth, as README says (Porch itself stays behind nginx here). */
export async function startCaddyForwardAuth(options: { porch: number; app: number; apps: string[] }) {
  if (!existsSync("/usr/bin/caddy")) throw new Error("caddy is missing: npm test installs it (apt-get install caddy)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "porch-caddy-"));
  const port = await freePort();
  const { porch, app } = options;
  writeFileSync(
    path.join(dir, "Caddyfile"),
    `{
      admin off
      auto_https off
      storage file_system ${dir}/data
    }
    ${options.apps.map((a) => caddySite(`${a}.${DOMAIN}:${port}`, porch, app)).join("\n")}
    `,
  );
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  const caddy = spawn("/usr/bin/caddy", ["run", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"], {
    stdio: "ignore",
    env,
  });
  await waitForPort(port);
  return { port, stop: stopper(caddy, dir) };
}
