import { describe, expect, it } from "vitest";
import { claimAt, usernameFrom } from "~/auth/oidc/oidc.server";
import { describeConfig, parseConfig } from "~/config.server";

const base = {
  DATABASE_URL: "postgres://u:p@localhost:5432/porch",
  AUTH_PROVIDERS: "credentials,oidc",
  BASE_URL: "https://porch.example.com",
};
const oidc = {
  AUTH_OIDC_ISSUER: "https://auth.example.com/application/o/porch/",
  AUTH_OIDC_CLIENT_ID: "porch",
  AUTH_OIDC_CLIENT_SECRET: "s3cret",
};

describe("OIDC configuration", () => {
  it("refuses OpenID Connect without BASE_URL: the redirect URI never follows a request's Host", () => {
    const { BASE_URL: _unset, ...withoutBase } = base;
    const result = parseConfig({ ...withoutBase, ...oidc });
    expect(!result.ok && result.errors).toEqual([
      "BASE_URL is required with OpenID Connect: the redirect URI registered at the provider is BASE_URL + /api/auth/callback/oidc (e.g. BASE_URL=https://porch.example.com)",
    ]);
  });
  it("has the documented defaults and drops a trailing slash from the issuer", () => {
    const result = parseConfig({ ...base, ...oidc });
    if (!result.ok) throw new Error(result.errors.join());
    expect(result.config.oidc).toMatchObject({
      issuer: "https://auth.example.com/application/o/porch",
      scopes: ["openid", "profile", "email", "groups"],
      nameClaim: "preferred_username",
      emailClaim: "email",
      groupsClaim: "groups",
      clientName: "OpenID Connect",
      autoLogin: false,
      tokenEndpointAuthMethod: "client_secret_basic",
    });
    expect(describeConfig(result.config).join("\n")).not.toContain("s3cret");
  });
  it("accepts Homarr v1's names", () => {
    const result = parseConfig({
      ...base,
      ...oidc,
      AUTH_OIDC_SCOPE_OVERWRITE: "openid email",
      AUTH_OIDC_GROUPS_ATTRIBUTE: "roles",
      AUTH_OIDC_NAME_ATTRIBUTE_OVERWRITE: "name",
    });
    expect(result.ok && result.config.oidc).toMatchObject({ scopes: ["openid", "email"], groupsClaim: "roles", nameClaim: "name" });
  });
  it("names every missing or wrong variable on its own line", () => {
    const result = parseConfig({
      ...base,
      AUTH_OIDC_ISSUER: "auth.example.com",
      AUTH_OIDC_SCOPES: "profile",
      AUTH_OIDC_AUTO_LOGIN: "sometimes",
      AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD: "private_key_jwt",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'AUTH_OIDC_ISSUER must be the provider\'s https:// URL (got "auth.example.com")',
        "AUTH_OIDC_CLIENT_ID is required when AUTH_PROVIDERS contains oidc",
        "AUTH_OIDC_CLIENT_SECRET is required when AUTH_PROVIDERS contains oidc",
        'AUTH_OIDC_SCOPES must include openid (got "profile")',
        'AUTH_OIDC_AUTO_LOGIN must be true or false (got "sometimes")',
        'AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD must be client_secret_basic or client_secret_post (got "private_key_jwt")',
      ]),
    );
  });
  it("reads the client secret from AUTH_OIDC_CLIENT_SECRET_FILE", () => {
    const result = parseConfig(
      { ...base, ...oidc, AUTH_OIDC_CLIENT_SECRET: "", AUTH_OIDC_CLIENT_SECRET_FILE: "/run/secrets/oidc" },
      () => "from-file\n",
    );
    expect(result.ok && result.config.oidc?.clientSecret).toBe("from-file");
  });
});

describe("claims", () => {
  it("follow dotted paths and never the prototype", () => {
    expect(claimAt({ realm_access: { roles: ["a"] } }, "realm_access.roles")).toEqual(["a"]);
    expect(claimAt({}, "__proto__.polluted")).toBeUndefined();
    expect(claimAt({ a: null }, "a.b")).toBeUndefined();
  });
  it("become valid usernames", () => {
    expect(usernameFrom("Alice Liddell", "s1")).toBe("Alice.Liddell");
    expect(usernameFrom("  ann@example.com ", "s1")).toBe("ann@example.com");
    expect(usernameFrom("!!!", "abc-123")).toBe("oidc-abc123");
  });
});
