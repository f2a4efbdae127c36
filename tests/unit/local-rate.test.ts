import { describe, expect, it } from "vitest";
import { LocalRate, LocalTimeBudget } from "~/server/local-rate.server";

describe("a per-instance rate window", () => {
  it("lets `limit` uses through per window, then says how long to wait, per key", () => {
    const rate = new LocalRate(3, 60_000);
    expect([0, 1, 2].map((i) => rate.take("a", 1_000 + i))).toEqual([0, 0, 0]);
    expect(rate.take("a", 11_000)).toBe(50_000);
    expect(rate.take("b", 11_000)).toBe(0);
    expect(rate.take("a", 61_000)).toBe(0);
  });
  it("refuses to grow past maxKeys: a caller rotating keys drops the oldest windows", () => {
    const rate = new LocalRate(1, 60_000, 2);
    rate.take("a", 0);
    rate.take("b", 0);
    rate.take("c", 0);
    expect(rate.take("b", 1)).toBeGreaterThan(0);
    expect(rate.take("a", 1)).toBe(0); // forgotten, so counted afresh
    expect((rate as unknown as { windows: Map<string, unknown> }).windows.size).toBe(2);
  });
});

describe("a per-instance time budget", () => {
  it("lets work start while the window's milliseconds last, then says when the next window opens", () => {
    const budget = new LocalTimeBudget(250, 1_000);
    expect(budget.wait(0)).toBe(0);
    budget.spend(200);
    expect(budget.wait(100)).toBe(0);
    budget.spend(80);
    expect(budget.wait(400)).toBe(600);
    expect(budget.wait(1_000)).toBe(0);
  });
});
