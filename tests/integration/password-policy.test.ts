import { beforeAll, describe, expect, it } from "vitest";
import { passwordProblems } from "~/auth/password-policy.server";
import { isCommonPassword, judgedPart, passwordStrength } from "~/auth/password-strength.server";
import { setConfigForTests } from "~/config.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();

beforeAll(() => setConfigForTests(TEST_CONFIG));

describe("password policy", () => {
  it("refuses passwords shorter than AUTH_PASSWORD_MIN_LENGTH or longer than 256", async () => {
    expect(await passwordProblems("Ab3$xyz")).toEqual(["Use at least 8 characters"]);
    setConfigForTests({ ...TEST_CONFIG, passwordMinLength: 12 });
    expect(await passwordProblems("violet-Cactus")).toEqual([]);
    expect(await passwordProblems("violet-Cact")).toEqual(["Use at least 12 characters"]);
    setConfigForTests(TEST_CONFIG);
    expect(await passwordProblems("x".repeat(257))).toEqual(["Use at most 256 characters"]);
  });
  it("refuses the 10 000 most common passwords, whatever their case", async () => {
    for (const common of ["password123", "Password1", "qwertyuiop", "iloveyou1"]) {
      expect(isCommonPassword(common), common).toBe(true);
      expect((await passwordProblems(common))[0]).toMatch(/10 000 most common/);
    }
    expect(isCommonPassword("violet cactus umbrella")).toBe(false);
  });
  it("refuses a password containing the username", async () => {
    expect(await passwordProblems("MegaAlice-2026!", { username: "alice" }, db.sql())).toEqual([
      "Don't put your username in your password",
    ]);
    // Every spelling that names the same account (ADR 014), full-width letters included (found by the attacker).
    expect(await passwordProblems("Lxｄａｖｅ-Plover-4471", { username: "dave" }, db.sql())).toEqual([
      "Don't put your username in your password",
    ]);
    expect(await passwordProblems("xDAVEx-Plover-4471", { username: "ｄave" }, db.sql())).toEqual([
      "Don't put your username in your password",
    ]);
  });
  it("refuses what is too easy to guess, and says why", async () => {
    const [problem] = await passwordProblems("aaaaaaaaaaaa");
    expect(problem).toMatch(/^Too easy to guess \((very weak|weak)\)\./);
  });
  it("accepts a passphrase", async () => {
    expect(await passwordProblems("correct horse battery", { username: "admin" }, db.sql())).toEqual([]);
    expect(passwordStrength("correct horse battery staple").label).toBe("strong");
  });
  it("judges only the first 64 characters, so no input costs the estimator more than that", () => {
    const start = "correct horse battery staple violet cactus umbrella thunder!!"; // strong within 64
    expect(passwordStrength(start + "a".repeat(190)).label).toBe(passwordStrength(start).label);
    expect(judgedPart("x".repeat(1000) + "y".repeat(1000)).length).toBeLessThanOrEqual(64);
  });
  it("reads a repeated word as one, however often it is said and wherever the 64 characters end (attack7)", async () => {
    expect(judgedPart("thepassword".repeat(6))).toBe("thepassword");
    expect(judgedPart("Horse horse-HORSE horse")).toBe("Horse");
    for (const weak of [
      "thepassword".repeat(6),
      "monkey123".repeat(10),
      "sunshine1".repeat(10),
      "abc".repeat(40),
      "password password password",
      "horse horse horse horse",
      "Horse Horse Horse Horse",
      "iloveyou iloveyou",
      "tugboat tugboat tugboat",
      "tugboat-tugboat-tugboat",
      "abcdefghijklmnopqrstuvwxyz0123456789".repeat(2),
      "abcdefghijklmnopqrstuvwxyz0123456789".repeat(7),
    ]) {
      expect(passwordStrength(weak).score, weak).toBeLessThan(3);
      expect(await passwordProblems(weak, { username: "frank" }, db.sql()), weak).toEqual([expect.stringMatching(/^Too easy to guess/)]);
    }
    // A long passphrase of different words is not a repeat.
    expect(passwordStrength("correct horse battery staple violet cactus umbrella thunder lantern").label).toBe("strong");
  });
});
