import { describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
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
    expect(result.config.trustProxy).toBe(false);
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
  it("refuses a maximum lifetime shorter than the expiry", () => {
    const result = parseConfig({ ...base, AUTH_SESSION_EXPIRY_TIME: "30d", AUTH_SESSION_MAX_LIFETIME: "1d" });
    expect(!result.ok && result.errors).toEqual(["AUTH_SESSION_MAX_LIFETIME must not be shorter than AUTH_SESSION_EXPIRY_TIME"]);
  });
  it("never echoes the database URL's password", () => {
    const result = parseConfig({ DATABASE_URL: "mysql://root:hunter2@db/porch" });
    expect(!result.ok && result.errors.join(" ")).not.toContain("hunter2");
  });
});
