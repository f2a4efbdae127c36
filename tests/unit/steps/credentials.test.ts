import { describe, expect, it } from "vitest";
import { readCredentials } from "~/server/steps/credentials.server";

const request = (path: string, headers: Record<string, string>) => new Request(`http://porch.test${path}`, { headers });

describe("reading a request's credentials", () => {
  it("takes an API key under /api/ (Bearer or Homarr's ApiKey header) and then never reads the cookie", () => {
    const cookie = "porch_session=a.b";
    expect(readCredentials(request("/api/boards", { Authorization: "Bearer porch_k", Cookie: cookie }), false)).toEqual({
      kind: "api-key",
      key: "porch_k",
    });
    expect(readCredentials(request("/api/me", { ApiKey: " porch_k ", Cookie: cookie }), false)).toEqual({
      kind: "api-key",
      key: "porch_k",
    });
  });

  it("refuses to see an API key outside /api/: a page is authenticated by its cookie alone", () => {
    expect(readCredentials(request("/boards", { Authorization: "Bearer porch_k", Cookie: "porch_session=a.b" }), false)).toEqual({
      kind: "cookie",
      token: "a.b",
    });
  });

  it("reads the session cookie only under the name it has here (__Host- with Secure cookies)", () => {
    const both = { Cookie: "porch_session=plain.one; __Host-porch_session=host.one" };
    expect(readCredentials(request("/", both), false)).toEqual({ kind: "cookie", token: "plain.one" });
    expect(readCredentials(request("/", both), true)).toEqual({ kind: "cookie", token: "host.one" });
    expect(readCredentials(request("/", { Cookie: "porch_session=plain.one" }), true)).toEqual({ kind: "cookie", token: undefined });
    expect(readCredentials(request("/api/me", {}), false)).toEqual({ kind: "cookie", token: undefined });
  });
});
