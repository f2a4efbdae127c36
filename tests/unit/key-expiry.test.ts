import { describe, expect, it } from "vitest";
import { keyExpiry } from "~/forms/api-keys.server";

const now = new Date("2026-11-28T10:00:00Z");

describe("an API key's expiry day (attack8)", () => {
  it("refuses days that don't exist instead of rolling them into the next month", () => {
    for (const day of ["2027-02-30", "2031-02-31", "2027-13-01", "2027-00-10", "2027-04-31"])
      expect(keyExpiry(day, now), day).toEqual({ error: `There is no ${day}` });
    expect(keyExpiry("2028-02-29", now)).toEqual({ at: new Date("2028-02-29T23:59:59.999Z") });
  });
  it("takes today to the same date five years on, and says which are out", () => {
    expect(keyExpiry("2026-11-28", now)).toEqual({ at: new Date("2026-11-28T23:59:59.999Z") });
    expect(keyExpiry("2026-11-27", now)).toEqual({ error: "Choose today or a later date" });
    expect(keyExpiry("2031-11-28", now)).toEqual({ at: new Date("2031-11-28T23:59:59.999Z") });
    expect(keyExpiry("2031-11-27", now)).toMatchObject({ at: expect.any(Date) });
    expect(keyExpiry("2031-11-29", now)).toEqual({ error: "At most five years from now (2031-11-28)" });
  });
});
