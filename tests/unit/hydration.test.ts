import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hydrates, NO_HYDRATION } from "~/utils/hydration";

// The sign-in pages are plain forms that work without JavaScript: they ship none (issue #18).
const STATIC_PAGES = ["auth.login", "auth.2fa", "auth.forgot", "auth.invite.$token", "auth.reset.$token"];

describe("which pages React hydrates", () => {
  it("hydrates a page unless a matched route says hydrate: false", () => {
    expect(hydrates([])).toBe(true);
    expect(hydrates([{ handle: undefined }, { handle: { other: 1 } }])).toBe(true);
    expect(hydrates([{ handle: { hydrate: true } }])).toBe(true);
    expect(hydrates([{ handle: undefined }, { handle: NO_HYDRATION }])).toBe(false);
  });

  it.each(STATIC_PAGES)("the %s page opts out of hydration", async (route) => {
    const source = readFileSync(`app/routes/${route}.tsx`, "utf8");
    expect(source).toMatch(/^export const handle: RouteHandle = NO_HYDRATION;$/m);
  });

  it("root leaves out every script of a page that opts out", () => {
    const root = readFileSync("app/root.tsx", "utf8");
    // Scripts, ScrollRestoration and the hydration mark render only inside the `hydrate` branch.
    expect(root).toMatch(
      /\{hydrate \? \(\s*<>\s*<HydrationMark \/>\s*<ScrollRestoration nonce=\{nonce\} \/>\s*<Scripts nonce=\{nonce\} \/>/,
    );
    expect(root.match(/<Scripts\b/g)).toHaveLength(1);
  });
});
