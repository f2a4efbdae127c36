import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ATTACKS, securityDoc } from "./catalogue";

const DOC = "docs/security.md";

describe("the attack catalogue", () => {
  it("names tests that exist", () => {
    const missing = ATTACKS.filter((a) => !existsSync(a.test.file) || !readFileSync(a.test.file, "utf8").includes(`"${a.test.title}"`));
    expect(
      missing.map((a) => `${a.test.file}: ${a.test.title}`),
      "renamed or removed attack tests: update tests/security/catalogue.ts",
    ).toEqual([]);
  });
  it("names at least 70 attacks, each once", () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(70);
    const attacks = ATTACKS.map((a) => a.attack);
    expect(
      attacks.filter((a, i) => attacks.indexOf(a) !== i),
      "an attack listed twice",
    ).toEqual([]);
  });
  it("is what docs/security.md says", () => {
    if (process.env.UPDATE_SECURITY_DOC) writeFileSync(DOC, securityDoc());
    expect(existsSync(DOC) ? readFileSync(DOC, "utf8") : "", "run npm run security:doc").toBe(securityDoc());
  });
});
