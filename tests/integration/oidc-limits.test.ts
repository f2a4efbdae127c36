import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { discover, forgetDiscoveryForTests, keySet, type ProviderMetadata } from "~/auth/oidc/discovery.server";
import { oidcStrategy, resolveProfile } from "~/auth/oidc/oidc.server";
import { oidcConfigFor } from "../fixtures/oidc";
import { startRemoteService } from "../fixtures/remote-service";

// A provider (or something answering in its name) sending 64 MB where a few KB are expected: every
// answer Porch reads from it stops at 1 MB, whatever library reads it.

let remote: Awaited<ReturnType<typeof startRemoteService>>;
beforeAll(async () => {
  remote = await startRemoteService();
});
afterAll(() => remote.close());

describe("answers from the OpenID provider", () => {
  it("refuses 64 MB answers: discovery, token (basic and post), userinfo and key set are read up to 1 MB", async () => {
    forgetDiscoveryForTests();
    const huge = (name: string) => `${remote.url}/huge/${name}`;
    const metadata: ProviderMetadata = {
      issuer: remote.url,
      authorizationEndpoint: `${remote.url}/authorize`,
      tokenEndpoint: huge("token"),
      userinfoEndpoint: huge("userinfo"),
      jwksUri: huge("jwks"),
      endSessionEndpoint: null,
      signingAlgorithms: ["RS256"],
      backchannelLogout: false,
    };
    const tokenCall = (method: string) => {
      const config = oidcConfigFor(remote.url, { AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD: method });
      const strategy = oidcStrategy(
        config,
        metadata,
        { redirectURI: "http://porch.test/api/auth/callback/oidc", secureCookies: false },
        async () => "unused",
      );
      return (
        strategy as unknown as { validateAuthorizationCode(code: string, verifier: string): Promise<unknown> }
      ).validateAuthorizationCode("code", "verifier");
    };
    const calls: Array<[string, string, () => Promise<unknown>]> = [
      ["discovery", "/huge/issuer/.well-known/openid-configuration", () => discover(oidcConfigFor(huge("issuer")), { refresh: true })],
      ["token, client_secret_basic", "/huge/token", () => tokenCall("client_secret_basic")],
      ["token, client_secret_post", "/huge/token", () => tokenCall("client_secret_post")],
      ["userinfo", "/huge/userinfo", () => resolveProfile(oidcConfigFor(remote.url), metadata, { sub: "someone" }, "access-token")],
      ["key set", "/huge/jwks", () => keySet(metadata)({ alg: "RS256", kid: "k1" }, { payload: "", signature: "" } as never)],
    ];
    for (const [what, path, call] of calls) {
      remote.hits.delete(`${path}#closed`);
      remote.sent.delete(path);
      const started = performance.now();
      await expect(call(), what).rejects.toThrow(/larger than 1 MB/);
      expect(performance.now() - started, what).toBeLessThan(3_000);
      await vi.waitFor(() => expect(remote.hits.get(`${path}#closed`), what).toBe(1));
      expect(remote.sent.get(path), what).toBeLessThan(16 * 2 ** 20);
    }
  }, 60_000);
});
