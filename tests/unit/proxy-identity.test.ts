import { describe, expect, it } from "vitest";
import { readProxyIdentity } from "~/auth/proxy/identity.server";
import { parseConfig } from "~/config.server";

const config = (env: Record<string, string> = {}) => {
  const result = parseConfig({
    DATABASE_URL: "postgres://u:p@localhost/porch",
    AUTH_PROVIDERS: "proxy",
    AUTH_PROXY_TRUSTED_NETWORKS: "10.0.0.2,fd00::/64",
    AUTH_PROXY_HEADER_GROUPS: "Remote-Groups",
    ...env,
  });
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.config;
};
const ask = (headers: Record<string, string>) => new Request("http://porch.test/", { headers });

describe("who the proxy says is asking", () => {
  it("is believed from the proxy's own address only, never from a forwarded one", () => {
    const headers = { "Remote-User": "alice", "Remote-Groups": "media, ops,media", "X-Forwarded-For": "10.0.0.2" };
    expect(readProxyIdentity(ask(headers), "10.0.0.2", config())).toEqual({
      trusted: true,
      identity: { username: "alice", displayName: null, email: null, groups: ["media", "ops"], groupsText: "media,ops" },
    });
    expect(readProxyIdentity(ask(headers), "::ffff:10.0.0.2", config())).toMatchObject({ trusted: true });
    expect(readProxyIdentity(ask(headers), "fd00::5", config())).toMatchObject({ trusted: true });
    expect(readProxyIdentity(ask(headers), "10.0.0.3", config())).toEqual({ trusted: false, header: "Remote-User", peer: "10.0.0.3" });
    expect(readProxyIdentity(ask(headers), null, config())).toMatchObject({ trusted: false });
    // Without the provider, nobody reads them.
    const off = parseConfig({ DATABASE_URL: "postgres://u:p@localhost/porch" });
    expect(off.ok && readProxyIdentity(ask(headers), "10.0.0.2", off.config)).toBeNull();
  });

  it("never on forward auth's paths: a proxy asking there relays the client's own headers (attack16)", () => {
    const forged = { "Remote-User": "mallory", "Remote-Groups": "porch-admins" };
    for (const path of ["/api/auth/forward-auth", "/api/auth/auth-request", "/API/Auth/Forward-Auth/", "/api/auth/auth-request.data"]) {
      expect(readProxyIdentity(new Request(`http://porch.test${path}`, { headers: forged }), "10.0.0.2", config())).toBeNull();
    }
    expect(readProxyIdentity(ask(forged), "10.0.0.2", config())).toMatchObject({ trusted: true });
  });

  it("reads only the headers named: a proxy setting Remote-User alone can't have a client's groups passed on (attack15)", () => {
    const only = parseConfig({
      DATABASE_URL: "postgres://u:p@localhost/porch",
      AUTH_PROVIDERS: "proxy",
      AUTH_PROXY_TRUSTED_NETWORKS: "10.0.0.2",
    });
    const claim =
      only.ok &&
      readProxyIdentity(
        ask({ "Remote-User": "bob", "Remote-Groups": "idp-admins", "Remote-Email": "carol@example.test" }),
        "10.0.0.2",
        only.config,
      );
    expect(claim).toMatchObject({ trusted: true, identity: { username: "bob", groups: [], email: null, displayName: null } });
  });

  it("reads UTF-8 names, other header conventions and separators, and no name as nobody", () => {
    const utf8 = Buffer.from("José", "utf8").toString("latin1");
    const tailscale = config({ AUTH_PROXY_HEADER_USER: "Tailscale-User-Login", AUTH_PROXY_HEADER_NAME: "Tailscale-User-Name" });
    expect(
      readProxyIdentity(ask({ "Tailscale-User-Login": "jose@example.com", "Tailscale-User-Name": utf8 }), "10.0.0.2", tailscale),
    ).toMatchObject({
      identity: { username: "jose@example.com", displayName: "José" },
    });
    const authentik = config({
      AUTH_PROXY_HEADER_USER: "X-authentik-username",
      AUTH_PROXY_HEADER_GROUPS: "X-authentik-groups",
      AUTH_PROXY_GROUPS_SEPARATOR: "|",
    });
    expect(
      readProxyIdentity(ask({ "X-authentik-username": "akadmin", "X-authentik-groups": "authentik Admins|media" }), "10.0.0.2", authentik),
    ).toMatchObject({
      identity: { groups: ["authentik Admins", "media"] },
    });
    expect(readProxyIdentity(ask({ "Remote-User": "  " }), "10.0.0.2", config())).toBeNull();
    expect(readProxyIdentity(ask({}), "10.0.0.3", config())).toBeNull();
  });
});
