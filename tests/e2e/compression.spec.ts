import { readdirSync, statSync } from "node:fs";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";
import { BROWSER_ENCODINGS, LOGIN_PAGE_WIRE_BUDGET_KB, rawFetch, wireBytes } from "../../scripts/lib/wire-bytes.mjs";
import { expect, test } from "./fixtures";

// What goes over the wire, read as raw bytes (node:http, no decoding on the way), from the real server on
// each runtime: precompressed static files, HTML and JSON compressed on the fly, and the BREACH rule
// (ADR 023): nothing compressed that another site could ask for with the person's cookie, no answer
// to a form (where secrets are shown once) ever compressed.

const ACCEPT_CASES: Array<[string | null, string | null]> = [
  ["br, gzip", "br"],
  ["gzip", "gzip"],
  [null, null],
  ["gzip;q=0", null],
  ["bogus, ;;q=x, \u00e9", null],
];
// The CSP nonce is new on every page; everything else in the bytes must be the same.
const sameBytes = (body: Buffer) => body.toString("utf8").replace(/nonce(=|-)"?[A-Za-z0-9+/=]+/g, "nonce");
const vary = (headers: Record<string, unknown>) => String(headers["vary"] ?? "").toLowerCase();

test.describe("compression", { tag: "@http" }, () => {
  test("sends static files as the precompressed coding Accept-Encoding allows, with Vary, their own length and ETag", async ({
    baseURL,
  }) => {
    // The sign-in pages load no script (ADR 024): take the largest one the build wrote.
    const dir = "build/client/assets";
    const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));
    const script = scripts.sort((a, b) => statSync(`${dir}/${b}`).size - statSync(`${dir}/${a}`).size)[0];
    const url = `${baseURL}/assets/${script}`;
    const identity = await rawFetch(url);
    expect(identity.wire.length).toBeGreaterThan(1024);
    const etags = new Set<string>();
    for (const [accept, coding] of ACCEPT_CASES) {
      const headers: Record<string, string> = accept === null ? {} : { "Accept-Encoding": accept };
      const res = await rawFetch(url, { headers });
      expect(res.status, String(accept)).toBe(200);
      expect(res.encoding, String(accept)).toBe(coding);
      expect(vary(res.headers)).toContain("accept-encoding");
      expect(Number(res.headers["content-length"])).toBe(res.wire.length);
      expect(res.body.equals(identity.body), String(accept)).toBe(true);
      etags.add(String(res.headers.etag));
      // HEAD: the same headers, no body.
      const head = await rawFetch(url, { method: "HEAD", headers });
      expect(head.wire.length).toBe(0);
      for (const name of ["content-encoding", "content-length", "etag", "vary"])
        expect(head.headers[name], name).toEqual(res.headers[name]);
      // A cached copy of this coding is still good; another coding's ETag names other bytes.
      expect((await rawFetch(url, { headers: { ...headers, "If-None-Match": String(res.headers.etag) } })).status).toBe(304);
    }
    expect(etags.size).toBe(3);
    const range = await rawFetch(url, { headers: { "Accept-Encoding": "br", Range: "bytes=0-99" } });
    expect(range.status).toBe(200);
    expect(range.body.equals(identity.body)).toBe(true);
  });

  test("compresses pages and JSON on the fly as accepted, decoding to the same bytes, with Vary", async ({ baseURL }) => {
    for (const path of ["/auth/login", "/api/openapi.json"]) {
      const identity = await rawFetch(baseURL + path);
      expect(identity.wire.length, path).toBeGreaterThan(1024);
      for (const [accept, coding] of ACCEPT_CASES) {
        const res = await rawFetch(baseURL + path, { headers: accept === null ? {} : { "Accept-Encoding": accept } });
        expect(res.status).toBe(200);
        expect(res.encoding, `${path} ${accept}`).toBe(coding);
        expect(vary(res.headers)).toContain("accept-encoding");
        expect(sameBytes(res.body)).toBe(sameBytes(identity.body));
        if (coding) expect(res.wire.length).toBeLessThan(identity.wire.length / 2);
      }
      const head = await rawFetch(baseURL + path, { method: "HEAD", headers: { "Accept-Encoding": BROWSER_ENCODINGS } });
      expect(head.encoding).toBeNull();
      expect(head.wire.length).toBe(0);
    }
    // Too small to gain: sent as it is.
    const health = await rawFetch(`${baseURL}/api/health`, { headers: { "Accept-Encoding": BROWSER_ENCODINGS } });
    expect(health.encoding).toBeNull();
  });

  test("refuses to compress a signed-in page another site could have asked for (BREACH): the TOTP secret page", async ({
    baseURL,
    sql,
  }) => {
    const [user] = await sql`
      insert into users (username, password_hash) values (${`wire_${Date.now().toString(36)}`}, ${await hashPassword("wire password 42")})
      returning id`;
    const { token } = await createSession(sql, user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const origin = new URL(baseURL!).origin;
    const begin = await rawFetch(`${baseURL}/settings/security`, {
      method: "POST",
      headers: {
        Cookie: `porch_session=${token}`,
        Origin: origin,
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "intent=begin&password=wire+password+42",
    });
    expect(begin.status).toBe(302);
    // The password was a proof: the session was renewed (ADR 037), and only the new cookie shows the secret.
    const cookie = [begin.headers["set-cookie"]]
      .flat()
      .find((c) => c?.startsWith("porch_session="))!
      .split(";")[0];
    expect(await sql`select 1 from user_totp where user_id = ${user.id} and enabled_at is null`).toHaveLength(1);
    const ask = (site: string | null, dest = "document") =>
      rawFetch(`${baseURL}/settings/security?echo=JBSWY3DP`, {
        headers: {
          Cookie: cookie,
          "Accept-Encoding": BROWSER_ENCODINGS,
          "Sec-Fetch-Dest": dest,
          ...(site ? { "Sec-Fetch-Site": site } : {}),
        },
      });
    for (const site of ["cross-site", "same-site", null]) {
      const res = await ask(site);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('data-testid="totp-secret"');
      expect(res.encoding, `Sec-Fetch-Site: ${site}`).toBeNull();
      expect(vary(res.headers)).toContain("accept-encoding");
    }
    // From our own pages, or typed by the person: compressed like any page.
    for (const site of ["same-origin", "none"]) expect((await ask(site)).encoding, site).toBe("br");
    // Fetched as an image from one of our own pages (a board item's icon URL pointing here): plain.
    expect((await ask("same-origin", "image")).encoding).toBeNull();
  });

  test("refuses to compress the answer to a form, where a new API key is shown once (BREACH)", async ({ baseURL, sql }) => {
    const [user] = await sql`insert into users (username) values (${`wire_key_${Date.now().toString(36)}`}) returning id`;
    const { token } = await createSession(sql, user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const expiresOn = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const res = await rawFetch(`${baseURL}/settings/api-keys`, {
      method: "POST",
      headers: {
        Cookie: `porch_session=${token}`,
        Origin: new URL(baseURL!).origin,
        "Sec-Fetch-Site": "same-origin",
        "Accept-Encoding": BROWSER_ENCODINGS,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ intent: "create", description: "wire", expiresOn }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toMatch(/porch_[a-z2-7]+_[a-z2-7]+/);
    expect(res.encoding).toBeNull();
  });

  test("the login page's HTML, CSS and JavaScript over the wire with brotli stay within the budget the bench reports", async ({
    baseURL,
  }) => {
    const sent = await wireBytes(baseURL!, "/auth/login");
    expect(sent.status).toBe(200);
    // Every file big enough to gain came compressed; the bench measures exactly this (scripts/lib/wire-bytes.mjs).
    for (const [file, coding] of Object.entries(sent.encodings))
      if (coding === null) expect((await rawFetch(baseURL + file)).wire.length, file).toBeLessThan(1024);
    const total = sent.html.wireKb + sent.css.wireKb + sent.js.wireKb;
    expect(total).toBeLessThan((sent.html.decodedKb + sent.css.decodedKb + sent.js.decodedKb) / 2);
    expect(total, JSON.stringify(sent)).toBeLessThanOrEqual(LOGIN_PAGE_WIRE_BUDGET_KB);
  });
});
