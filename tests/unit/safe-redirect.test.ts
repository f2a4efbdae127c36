import { describe, expect, it } from "vitest";
import { loginRedirectFor, safeRedirect } from "~/utils/safe-redirect";

describe("safeRedirect", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeRedirect("/boards/home?tab=1#x")).toBe("/boards/home?tab=1#x");
  });
  it.each([
    ["protocol-relative //evil.example", "//evil.example"],
    ["absolute https URL", "https://evil.example/"],
    ["backslash /\\evil.example", "/\\evil.example"],
    ["encoded-looking backslash in the middle", "/foo\\..\\\\evil.example"],
    ["javascript: URL", "javascript:alert(1)"],
    ["tab inside //", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["relative path", "boards"],
    ["empty", ""],
    ["not a string", 42],
  ])("refuses an open redirect via %s", (_name, input) => {
    expect(safeRedirect(input, "/")).toBe("/");
  });
  it("builds the login URL that comes back to the page", () => {
    expect(loginRedirectFor(new Request("http://x/boards?a=1"))).toBe("/auth/login?redirectTo=%2Fboards%3Fa%3D1");
    expect(loginRedirectFor(new Request("http://x/"))).toBe("/auth/login");
  });
});
