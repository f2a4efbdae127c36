import net from "node:net";
import { expect, test } from "./fixtures";

// attack12: on Node, a path starting with `//` (`POST //127.0.0.1:8080/api/boards`) was read as an
// address of its own, so the origin Porch trusted became the attacker's: a page on another port of the
// same host (same site, so the session cookie goes along) could make an administrator grant admin rights,
// a page on any IP address could sign a visitor in as the attacker, and a rebinding name passed the Host
// check. The siblings: a request line in absolute form naming another host (Deno believed it), a Host
// sent twice (Node took the first), none at all (Deno answered). Each is one question: which host was this
// sent to? Only the Host header says, and the request's address must agree (app/server/origin.server.ts).

type Raw = { status: number | null; body: string };

/** One request written byte for byte: its request line and headers exactly as given. */
function raw(baseURL: string, lines: string[], body = ""): Promise<Raw> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname, () => {
      const length = body ? [`Content-Length: ${Buffer.byteLength(body)}`] : [];
      socket.write([...lines, ...length, "Connection: close", "", body].join("\r\n"));
    });
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]) || null, body: text }));
    socket.on("error", () => resolve({ status: null, body: text }));
  });
}

test(
  "refuses a request whose address names another host than its Host header, by path, absolute form, twice or not at all",
  { tag: "@http" },
  async ({ page, login, baseURL, sql }) => {
    const { id } = await login({ permissions: ["board-create"] });
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const { host } = new URL(baseURL!);
    const evil = "127.0.0.1:8080";
    const name = `target${Date.now().toString(36)}`;
    const board = JSON.stringify({ name, title: "Planted" });
    const json = ["Content-Type: application/json", `Cookie: ${cookie}`, `Origin: http://${evil}`];
    const form = ["Content-Type: application/x-www-form-urlencoded", `Origin: http://${evil}`];
    // Each must fail whatever the path would have meant (the e2e servers run with BASE_URL; rebinding.spec.ts
    // has the // path against a server without it).
    const tries: Record<string, Raw> = {
      "a cookie-carrying write by a // path": await raw(baseURL!, [`POST //${evil}/api/boards HTTP/1.1`, `Host: ${host}`, ...json], board),
      "sign-in by a // path": await raw(
        baseURL!,
        [`POST //${evil}/auth/login HTTP/1.1`, `Host: ${host}`, ...form],
        "username=x&password=y",
      ),
      "absolute form naming another host": await raw(
        baseURL!,
        [`POST http://${evil}/api/boards HTTP/1.1`, `Host: ${host}`, ...json],
        board,
      ),
      "absolute form naming a rebinding name's address": await raw(baseURL!, [
        `GET http://${host}/auth/login HTTP/1.1`,
        "Host: evil.example",
      ]),
      "Host twice": await raw(baseURL!, ["GET /auth/login HTTP/1.1", `Host: ${host}`, "Host: evil.example"]),
      "no Host": await raw(baseURL!, ["GET /auth/login HTTP/1.1"]),
      "no Host, HTTP/1.0": await raw(baseURL!, ["GET /auth/login HTTP/1.0"]),
    };
    const statuses = Object.fromEntries(Object.entries(tries).map(([what, r]) => [what, r.status]));
    // A // path is only a path (Remix finds no page there, or the origin check refuses it): refused either way.
    for (const what of ["a cookie-carrying write by a // path", "sign-in by a // path"]) {
      expect(statuses[what], what).toBeGreaterThanOrEqual(400);
      delete statuses[what];
    }
    expect(tries["sign-in by a // path"].body).not.toMatch(/set-cookie: porch_session=[^;]/i);
    expect(statuses).toEqual({
      "absolute form naming another host": 400,
      "absolute form naming a rebinding name's address": 400,
      "Host twice": 400,
      "no Host": 400,
      "no Host, HTTP/1.0": 400,
    });
    expect(tries["absolute form naming another host"].body).toContain("Host header");
    expect(await sql`select 1 from boards where name = ${name}`).toHaveLength(0);
    expect(await sql`select 1 from audit_log where actor_user_id = ${id} and action = 'board.created'`).toHaveLength(0);
    // The honest forms still work: origin form with its Host, and absolute form naming that same host.
    expect((await raw(baseURL!, ["GET /auth/login HTTP/1.1", `Host: ${host}`])).status).toBe(200);
    expect((await raw(baseURL!, [`GET http://${host}/auth/login HTTP/1.1`, `Host: ${host}`])).status).toBe(200);
  },
);
