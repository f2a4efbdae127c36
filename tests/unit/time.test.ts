import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, SECOND, WEEK, describeDuration, parseDuration } from "~/utils/time";

describe("duration units", () => {
  it("derive from one another", () => {
    expect(SECOND).toBe(1000);
    expect(MINUTE).toBe(60_000);
    expect(HOUR).toBe(3_600_000);
    expect(DAY).toBe(86_400_000);
    expect(WEEK).toBe(604_800_000);
  });
});

describe("parseDuration", () => {
  it("reads bare numbers as seconds, as Homarr's AUTH_SESSION_EXPIRY_TIME does", () => {
    expect(parseDuration("604800")).toBe(7 * DAY);
  });
  it("reads unit suffixes", () => {
    expect(parseDuration("30d")).toBe(30 * DAY);
    expect(parseDuration("12h")).toBe(12 * HOUR);
    expect(parseDuration("90m")).toBe(90 * MINUTE);
    expect(parseDuration("45s")).toBe(45 * SECOND);
    expect(parseDuration("2w")).toBe(2 * WEEK);
    expect(parseDuration(" 7D ")).toBe(7 * DAY);
  });
  it("refuses what is not a positive duration", () => {
    for (const bad of ["", "0", "-5", "7 days", "1.5h", "abc", "10y", "99999999999999999999d"]) {
      expect(parseDuration(bad), bad).toBeNull();
    }
  });
  it("describes durations for people", () => {
    expect(describeDuration(15 * MINUTE)).toBe("15 minutes");
    expect(describeDuration(HOUR)).toBe("1 hour");
    expect(describeDuration(3 * DAY)).toBe("3 days");
    expect(describeDuration(10)).toBe("1 second");
  });
});
