import http from "node:http";
import { expect, test } from "./fixtures";

// A reverse proxy (Fly's, nginx's `keepalive`, Caddy's) and Playwright's own request client keep
// connections to Porch open and reuse them. A server that closes an idle connection sooner than its
// client expects races it: the client writes a request on a socket the server is closing, and the
// request dies with ECONNRESET (a 502 behind a proxy). Node's default was 5 s; CI saw the reset. Porch
// keeps idle connections longer than the usual client pools (README: "Behind a reverse proxy").

/** GET `path` through `agent`, saying whether the request went out on a reused connection. */
function get(agent: http.Agent, url: URL): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on("error", reject);
  });
}

test("keeps an idle connection open longer than a client's pool waits before reusing it", { tag: "@http" }, async ({ baseURL }) => {
  test.slow();
  const url = new URL("/api/health", baseURL!.replace("//localhost", "//127.0.0.1"));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    expect(await get(agent, url)).toEqual({ status: 200, reused: false });
    // Past Node's old 5 s: a server that closed the socket would make the agent open a new one.
    await new Promise((r) => setTimeout(r, 6_500));
    expect(await get(agent, url)).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});
