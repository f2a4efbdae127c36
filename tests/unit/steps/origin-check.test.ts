import { describe, expect, it } from "vitest";
import type { Credentials } from "~/server/steps/credentials.server";
import { checkOrigin } from "~/server/steps/origin-check.server";

const ours = { ok: true as const, origin: "http://porch.test" };
const cookie: Credentials = { kind: "cookie", token: "a.b" };
const noCookie: Credentials = { kind: "cookie", token: undefined };
const key: Credentials = { kind: "api-key", key: "porch_k" };
const post = (headers: Record<string, string> = {}) => new Request("http://porch.test/boards/new", { method: "POST", headers });

describe("checking a request's origin", () => {
  it("answers 421 to a host Porch doesn't answer to, naming what to set", async () => {
    const refused = checkOrigin(
      new Request("http://evil.example/"),
      { ok: false, host: "evil.example", origin: "http://evil.example" },
      noCookie,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(421);
    expect(await (refused as Response).text()).toContain("ALLOWED_HOSTS=evil.example");
  });

  it("refuses a cross-origin write with 403, saying where Porch lives", async () => {
    for (const credentials of [cookie, noCookie]) {
      const refused = checkOrigin(post({ Origin: "http://evil.example" }), ours, credentials) as Response;
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await refused.text()).toBe(
        "Cross-origin request refused: Porch's address is http://porch.test. Open it there and try again.\n",
      );
    }
  });

  it("refuses a cookie-carrying write that says nothing of its origin, and lets a cookie-less script's through", () => {
    expect((checkOrigin(post(), ours, cookie) as Response).status).toBe(403);
    expect(checkOrigin(post(), ours, noCookie)).toBe("http://porch.test");
  });

  it("lets an API key's write through from any origin: browsers don't send keys on their own", () => {
    expect(checkOrigin(post({ Origin: "http://evil.example" }), ours, key)).toBe("http://porch.test");
  });

  it("answers a same-origin write and any read at the trusted origin", () => {
    expect(checkOrigin(post({ Origin: "http://porch.test" }), ours, cookie)).toBe("http://porch.test");
    expect(checkOrigin(new Request("http://porch.test/", { headers: { Origin: "http://evil.example" } }), ours, cookie)).toBe(
      "http://porch.test",
    );
  });
});
