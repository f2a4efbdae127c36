import { describe, expect, it } from "vitest";
import { describeConfig, parseConfig } from "~/config.server";
import { outboundLink } from "~/server/links.server";
import { DAY, HOUR } from "~/utils/time";

const base = { DATABASE_URL: "postgres://u:p@localhost:5432/porch" };

describe("configuration", () => {
  it("has working defaults", () => {
    const result = parseConfig(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(3000);
    expect(result.config.sessionExpiryMs).toBe(7 * DAY);
    expect(result.config.sessionMaxLifetimeMs).toBe(30 * DAY);
    expect(result.config.secureCookies).toBe(false);
    expect(result.config.trustProxy).toEqual({ kind: "none" });
    expect(result.config.allowedHosts).toEqual([]);
  });
  it("reads session lifetimes as seconds or durations", () => {
    const result = parseConfig({ ...base, AUTH_SESSION_EXPIRY_TIME: "12h", AUTH_SESSION_MAX_LIFETIME: "604800" });
    expect(result.ok && result.config.sessionExpiryMs).toBe(12 * HOUR);
    expect(result.ok && result.config.sessionMaxLifetimeMs).toBe(7 * DAY);
  });
  it("turns Secure cookies on by default when BASE_URL is https", () => {
    const result = parseConfig({ ...base, BASE_URL: "https://porch.example.com" });
    expect(result.ok && result.config.secureCookies).toBe(true);
    const off = parseConfig({ ...base, BASE_URL: "https://porch.example.com", AUTH_SECURE_COOKIES: "false" });
    expect(off.ok && off.config.secureCookies).toBe(false);
  });
  it("refuses a BASE_URL with a path, query or credentials, and a NODE_ENV it doesn't know, with a line naming each", () => {
    for (const url of ["https://porch.example.com/porch", "https://porch.example.com/?x=1", "https://u:p@porch.example.com"]) {
      const result = parseConfig({ ...base, BASE_URL: url });
      expect(!result.ok && result.errors.join(" "), url).toContain("BASE_URL must be an origin only");
    }
    expect(parseConfig({ ...base, BASE_URL: "https://porch.example.com/" }).ok).toBe(true);
    const env = parseConfig({ ...base, NODE_ENV: "prod" });
    expect(!env.ok && env.errors.join(" ")).toContain("NODE_ENV must be production, development or test");
  });

  it("refuses to print a URL's password in a configuration error, whatever variable carries it", () => {
    const result = parseConfig({ BASE_URL: "http://user:pw-secret@localhost:6650" });
    expect(result.ok).toBe(false);
    const text = result.ok ? "" : result.errors.join("\n");
    expect(text).toContain("BASE_URL");
    expect(text).not.toContain("pw-secret");
  });
  it("refuses mail without BASE_URL: a mailed link must never follow the request's Host", () => {
    const smtp = { ...base, SMTP_URL: "smtp://mail.example.com:587", SMTP_FROM: "Porch <porch@example.com>" };
    const result = parseConfig(smtp);
    expect(!result.ok && result.errors).toEqual([
      "BASE_URL is required with SMTP_URL: links in mail point there, never at a request's Host (e.g. BASE_URL=https://porch.example.com)",
    ]);
    const ok = parseConfig({ ...smtp, BASE_URL: "https://porch.example.com" });
    expect(ok.ok && outboundLink("/auth/reset/abc", ok.config)).toBe("https://porch.example.com/auth/reset/abc");
    expect(() => outboundLink("/x", { baseUrl: null })).toThrow(/BASE_URL/);
    expect(() => outboundLink("//evil.example/x", { baseUrl: new URL("https://porch.example.com") })).toThrow();
  });
  it("reads TRUST_PROXY as whom to believe: true stays safe, fly only on Fly.io, a count, or the proxies' networks", () => {
    const trust = (env: Record<string, string>) => {
      const r = parseConfig({ ...base, ...env });
      return r.ok ? r.config.trustProxy : r.errors;
    };
    expect(trust({ TRUST_PROXY: "true" })).toEqual({ kind: "hops", hops: 1, privatePeers: true });
    expect(trust({ TRUST_PROXY: "true", FLY_APP_NAME: "porch" })).toEqual({ kind: "fly" });
    expect(trust({ TRUST_PROXY: "fly", FLY_APP_NAME: "porch" })).toEqual({ kind: "fly" });
    expect(trust({ TRUST_PROXY: "fly" })).toEqual([
      "TRUST_PROXY=fly works only on Fly.io (FLY_APP_NAME is unset): anywhere else Fly-Client-IP is whatever the client sent",
    ]);
    expect(trust({ TRUST_PROXY: "2" })).toEqual({ kind: "hops", hops: 2, privatePeers: false });
    expect(trust({ TRUST_PROXY: "10.0.0.0/8, fd00::/8" })).toMatchObject({ kind: "networks", text: "10.0.0.0/8,fd00::/8" });
    expect(trust({ TRUST_PROXY: "10.0.0.0/33,proxy.lan" })).toEqual([
      expect.stringMatching(/^TRUST_PROXY must be .* not "10\.0\.0\.0\/33", "proxy\.lan"$/),
    ]);
    expect(trust({ TRUST_PROXY: "11" })).toEqual(['TRUST_PROXY must count 1 to 10 proxies (got "11")']);
  });
  it("reads ALLOWED_HOSTS as bare host names", () => {
    const ok = parseConfig({ ...base, ALLOWED_HOSTS: "Porch.LAN, .home.arpa" });
    expect(ok.ok && ok.config.allowedHosts).toEqual(["porch.lan", ".home.arpa"]);
    const bad = parseConfig({ ...base, ALLOWED_HOSTS: "http://porch.lan,porch.lan:3000" });
    expect(!bad.ok && bad.errors).toEqual([
      'ALLOWED_HOSTS takes host names without scheme or port, comma-separated (e.g. porch.lan,.home.arpa); not "http://porch.lan", "porch.lan:3000"',
    ]);
  });
  it("reports every problem on its own line, naming the variable", () => {
    const result = parseConfig({ AUTH_SESSION_EXPIRY_TIME: "a week", PORT: "99999", TRUST_PROXY: "maybe" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.some((e) => e.startsWith("AUTH_SESSION_EXPIRY_TIME ") && e.includes('"a week"'))).toBe(true);
    expect(result.errors.some((e) => e.startsWith("PORT "))).toBe(true);
    expect(result.errors.some((e) => e.startsWith("TRUST_PROXY "))).toBe(true);
    expect(result.errors.some((e) => e.startsWith("DATABASE_URL "))).toBe(true);
    for (const e of result.errors) expect(e).not.toContain("\n");
  });
  it("refuses numbers and durations past their upper bound with a line naming the bound (attack7: one broke the purge job)", () => {
    const result = parseConfig({
      ...base,
      AUDIT_LOG_RETENTION_DAYS: "99999999999",
      DB_POOL_MAX: "100000",
      AUTH_LOCKOUT_ATTEMPTS: "1000000",
      AUTH_LOCKOUT_IP_ATTEMPTS: "100001",
      AUTH_LOCKOUT_DURATION: "10000d",
      AUTH_LOCKOUT_WINDOW: "31d",
      AUTH_SESSION_MAX_LIFETIME: "1000000w",
    });
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^DB_POOL_MAX must be at most 100 \(PostgreSQL allows 100 connections/),
      "AUDIT_LOG_RETENTION_DAYS must be at most 36,500 (a hundred years); got 99999999999",
      "AUTH_LOCKOUT_ATTEMPTS must be at most 100 (more is no lockout); got 1000000",
      "AUTH_LOCKOUT_IP_ATTEMPTS must be at most 100,000 (more is no throttle); got 100001",
      "AUTH_LOCKOUT_WINDOW must be at most 30d",
      "AUTH_LOCKOUT_DURATION must be at most 30d",
      "AUTH_SESSION_MAX_LIFETIME must be at most 3650d",
    ]);
    const edge = parseConfig({ ...base, AUDIT_LOG_RETENTION_DAYS: "36500", DB_POOL_MAX: "100", AUTH_LOCKOUT_DURATION: "30d" });
    expect(edge.ok).toBe(true);
  });
  it("refuses a maximum lifetime shorter than the expiry", () => {
    const result = parseConfig({ ...base, AUTH_SESSION_EXPIRY_TIME: "30d", AUTH_SESSION_MAX_LIFETIME: "1d" });
    expect(!result.ok && result.errors).toEqual(["AUTH_SESSION_MAX_LIFETIME must not be shorter than AUTH_SESSION_EXPIRY_TIME"]);
  });
  it("reads how long a proof lets a session do sensitive things (AUTH_ELEVATION_TTL), 10 minutes unless set, between 1m and 24h", () => {
    const unset = parseConfig(base);
    expect(unset.ok && unset.config.elevationTtlMs).toBe(10 * 60_000);
    const set = parseConfig({ ...base, AUTH_ELEVATION_TTL: "5m" });
    expect(set.ok && set.config.elevationTtlMs).toBe(5 * 60_000);
    for (const value of ["30s", "2d"]) {
      const refused = parseConfig({ ...base, AUTH_ELEVATION_TTL: value });
      expect(!refused.ok && refused.errors).toEqual(["AUTH_ELEVATION_TTL must be between 1m and 24h"]);
    }
  });
  it("never echoes the database URL's password", () => {
    const result = parseConfig({ DATABASE_URL: "mysql://root:hunter2@db/porch" });
    expect(!result.ok && result.errors.join(" ")).not.toContain("hunter2");
  });

  it("reads a secret from NAME_FILE, as Docker and Fly secrets provide it", () => {
    const files: Record<string, string> = { "/run/secrets/db": "postgres://u:p@db:5432/porch\n" };
    const read = (path: string) => {
      if (!(path in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return files[path];
    };
    const ok = parseConfig({ DATABASE_URL_FILE: "/run/secrets/db" }, read);
    expect(ok.ok && ok.config.databaseUrl).toBe("postgres://u:p@db:5432/porch");
    const missing = parseConfig({ DATABASE_URL_FILE: "/run/secrets/nope" }, read);
    expect(!missing.ok && missing.errors).toEqual(["DATABASE_URL_FILE names /run/secrets/nope, which can't be read (ENOENT)"]);
    const both = parseConfig({ ...base, DATABASE_URL_FILE: "/run/secrets/db" }, read);
    expect(!both.ok && both.errors).toEqual(["DATABASE_URL and DATABASE_URL_FILE are both set: keep one"]);
    // One line per problem: an unreadable key file is the problem, not a missing key as well.
    const key = parseConfig({ ...base, NODE_ENV: "production", SECRET_ENCRYPTION_KEY_FILE: "/run/secrets/nope" }, read);
    expect(!key.ok && key.errors).toEqual(["SECRET_ENCRYPTION_KEY_FILE names /run/secrets/nope, which can't be read (ENOENT)"]);
  });

  it("shows the effective configuration with secrets masked", () => {
    const result = parseConfig({ DATABASE_URL: "postgres://porch:hunter2@db:5432/porch", DB_STATEMENT_TIMEOUT: "5s" });
    if (!result.ok) throw new Error(result.errors.join("; "));
    const lines = describeConfig(result.config);
    expect(lines).toContain("DATABASE_URL=postgres://porch:***@db:5432/porch");
    expect(lines).toContain("DB_STATEMENT_TIMEOUT=5s");
    expect(lines.join("\n")).not.toContain("hunter2");
  });
});
