import { describe, expect, it } from "vitest";
import { describeConfig, parseConfig } from "~/config.server";

// Issue #21: passkeys bind to a domain, so their RP ID and origin come from BASE_URL, checked at start.
const base = { DATABASE_URL: "postgres://u:p@localhost:5432/porch" };

describe("passkey configuration", () => {
  it("is on with BASE_URL: bound to its host, answers accepted from its origin only", () => {
    const result = parseConfig({ ...base, BASE_URL: "https://porch.home.example" });
    expect(result.ok && result.config.passkeys).toEqual({
      rpId: "porch.home.example",
      origin: "https://porch.home.example",
      rpName: "Porch",
    });
    expect(result.ok && describeConfig(result.config)).toContain(
      "AUTH_PASSKEYS=on (bound to porch.home.example, answers from https://porch.home.example only)",
    );
  });

  it("binds to a parent domain when AUTH_WEBAUTHN_RP_ID names one (so a later move within it keeps them)", () => {
    const result = parseConfig({ ...base, BASE_URL: "https://porch.home.example:8443", AUTH_WEBAUTHN_RP_ID: "Home.Example" });
    expect(result.ok && result.config.passkeys).toEqual({
      rpId: "home.example",
      origin: "https://porch.home.example:8443",
      rpName: "Porch",
    });
  });

  it("refuses an RP ID that isn't BASE_URL's host or a parent of it", () => {
    for (const rpId of ["other.example", "ome.example", "porch.home.example.evil", "https://home.example"]) {
      const result = parseConfig({ ...base, BASE_URL: "https://porch.home.example", AUTH_WEBAUTHN_RP_ID: rpId });
      expect(result.ok, rpId).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toMatch(/^AUTH_WEBAUTHN_RP_ID must be/m);
    }
  });

  it("is off, saying why, without BASE_URL or with an IP address; asked for, that stops the start", () => {
    for (const [env, why] of [
      [{}, /set BASE_URL/],
      [{ BASE_URL: "http://192.168.1.10:3000" }, /192\.168\.1\.10 is an IP address/],
      [{ BASE_URL: "http://[::1]:3000" }, /is an IP address/],
    ] as const) {
      const off = parseConfig({ ...base, ...env });
      expect(off.ok && off.config.passkeys).toBeNull();
      expect(off.ok && off.config.passkeysOff).toMatch(why);
      const asked = parseConfig({ ...base, ...env, AUTH_PASSKEYS: "on" });
      expect(asked.ok).toBe(false);
      if (!asked.ok) expect(asked.errors.join("\n")).toMatch(/^AUTH_PASSKEYS=on needs a usable BASE_URL/m);
    }
  });

  it("turns off when told, and refuses a value that is neither on nor off", () => {
    const off = parseConfig({ ...base, BASE_URL: "https://porch.example.com", AUTH_PASSKEYS: "off" });
    expect(off.ok && off.config.passkeys).toBeNull();
    const typo = parseConfig({ ...base, BASE_URL: "https://porch.example.com", AUTH_PASSKEYS: "yes" });
    expect(!typo.ok && typo.errors).toEqual(['AUTH_PASSKEYS must be on or off (got "yes")']);
  });

  it("works on localhost (development, tests): a name, not an address", () => {
    const result = parseConfig({ ...base, BASE_URL: "http://localhost:3000" });
    expect(result.ok && result.config.passkeys?.rpId).toBe("localhost");
  });
});
