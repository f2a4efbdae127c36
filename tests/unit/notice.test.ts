import { describe, expect, it } from "vitest";
import { OIDC_ERRORS } from "~/auth/oidc/messages";
import { countFrom, noticeFor } from "~/utils/notice";

describe("messages chosen by a code in the URL", () => {
  it("gives the catalogue's sentence for a known code", () => {
    expect(noticeFor(OIDC_ERRORS, "denied")).toBe(OIDC_ERRORS.denied);
  });
  it("refuses text that isn't a code, and the names every object has", () => {
    for (const code of [
      "Your account is locked, call 0800",
      "constructor",
      "__proto__",
      "toString",
      "hasOwnProperty",
      "",
      null,
      undefined,
    ]) {
      expect(noticeFor(OIDC_ERRORS, code)).toBeNull();
    }
  });
  it("takes only digits for a count", () => {
    expect(countFrom("3")).toBe(3);
    for (const value of ["3 widgets, call 0800", "-1", "1e3", "", null]) expect(countFrom(value)).toBeNull();
  });
});
