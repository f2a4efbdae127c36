import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "~/utils/csv";
import { describeDevice } from "~/utils/device";

describe("CSV export", () => {
  it("neutralises formula injection in every cell", () => {
    for (const evil of ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(csvField(evil).replace(/^"/, "")).toMatch(/^'/);
    }
  });
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvLine(["x", null, 3, { a: 1 }])).toBe('x,,3,"{""a"":1}"\r\n');
  });
});

describe("device names", () => {
  it("name the browser and system from a user agent", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox on Linux");
    expect(
      describeDevice(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
      ),
    ).toBe("Edge on Windows");
    expect(
      describeDevice(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(describeDevice(null)).toBe("Unknown device");
  });
});
