import { describe, expect, it } from "vitest";
import { canonicalCode, CODE_ALPHABET, codeOf, showCode } from "~/auth/device/code";
import { randomToken } from "~/auth/tokens.server";

// Issue #22 part 3: the code a TV shows, and what a person may type for it.
describe("device sign-in codes", () => {
  it("are 8 letters of the alphabet without vowels or look-alikes, the same for the same secret, spread evenly", () => {
    expect(CODE_ALPHABET).toHaveLength(20);
    expect(CODE_ALPHABET).not.toMatch(/[AEIOUY01258]/);
    const secret = randomToken();
    expect(codeOf(secret)).toBe(codeOf(secret));
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const c of codeOf(randomToken())) {
        expect(CODE_ALPHABET).toContain(c);
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
    // 16 000 letters over 20: each near 800 (a bias of bytes modulo 20 would push some well past it).
    for (const c of CODE_ALPHABET) expect(Math.abs((counts.get(c) ?? 0) - 800)).toBeLessThan(160);
  });

  it("read back however they are typed, and refuse what can't be one without a lookup", () => {
    expect(showCode("BCDFGHJK")).toBe("BCDF-GHJK");
    for (const typed of ["BCDF-GHJK", "bcdfghjk", " bcdf ghjk ", "BCDF–GHJK", "bcdf-GHJK"]) expect(canonicalCode(typed)).toBe("BCDFGHJK");
    for (const typed of ["", "BCDF-GHJ", "BCDF-GHJKL", "ABCD-GHJK", "BCDF-GHJ0", "BCDF_GHJK", "ＢCDF-GHJK", "BCDF-GHJK\u200b"])
      expect(canonicalCode(typed)).toBeNull();
  });
});

describe("the approval page's network hint", () => {
  it("reads one IPv4 /24 or IPv6 /64 as one network, anything else (or an unknown address) as another", async () => {
    const { nearby } = await import("~/server/ip");
    expect(nearby("192.168.1.20", "192.168.1.7")).toBe(true);
    expect(nearby("192.168.1.20", "192.168.2.7")).toBe(false);
    expect(nearby("2001:db8:1:2::5", "2001:db8:1:2:ffff::1")).toBe(true);
    expect(nearby("2001:db8:1:3::5", "2001:db8:1:2::5")).toBe(false);
    expect(nearby("::ffff:192.168.1.20", "192.168.1.9")).toBe(true);
    expect(nearby("192.168.1.20", "2001:db8::1")).toBe(false);
    expect(nearby(null, "192.168.1.1")).toBe(false);
  });
});

describe("naming the asking device", () => {
  it("says a TV is a TV, and which, rather than the Linux it runs (newcomer39)", async () => {
    const { describeDevice } = await import("~/utils/device");
    const tizen = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.0 TV Safari/537.36";
    expect(describeDevice(tizen)).toBe("Safari on a TV (Samsung Tizen)");
    expect(describeDevice("Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 Chrome/79.0.3945.79 Safari/537.36")).toBe(
      "Chrome on a TV (LG webOS)",
    );
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")).toBe(
      "Chrome on Linux",
    );
  });
});
