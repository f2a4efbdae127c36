import { describe, expect, it } from "vitest";
import { createNonce } from "~/server/headers.server";

describe("CSP nonces", () => {
  it("are 16 random bytes each, never repeated, across refills of the pool they are drawn from", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const nonce = createNonce();
      expect(atob(nonce)).toHaveLength(16);
      seen.add(nonce);
    }
    expect(seen.size).toBe(10_000);
  });
});
