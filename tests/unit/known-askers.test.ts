import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { appAddress } from "~/permissions/app-address";
import { forgetAskers, recall, remember } from "~/server/steps/known-askers.server";

// Forward auth's memory of askers (ADR 035): what it keeps, for how long, and never for whom.

const address = appAddress("https://sonarr.home.example/calendar")!;
const cookie = { kind: "cookie" as const, token: "abc.def" };
const at = Date.parse("2026-11-29T12:00:00Z");
/** Answers the access generation; counts how often it was asked. */
const generationDb = (n: string) => {
  const db = Object.assign(async () => [{ n }], { asked: 0 });
  return new Proxy(db, { apply: (target, self, args) => (target.asked++, Reflect.apply(target, self, args)) }) as unknown as Db & {
    asked: number;
  };
};
const user = { id: "u1", username: "ada", displayName: null, email: null, avatarUrl: null };
const resolvedFor = (expiresAt: Date, generation = "7") =>
  ({
    actor: { kind: "session", user, permissions: new Set(), mustSetUpTwoFactor: false },
    session: { session: { id: "s", userId: "u1", remember: true, expiresAt, proxyGroups: null }, refreshed: true },
    also: { generation },
  }) as never;

beforeEach(() => forgetAskers());

describe("forward auth's memory of askers", () => {
  it("reuses an answer while the generation holds, without sending a refreshed cookie again", async () => {
    remember(cookie, address, resolvedFor(new Date(at + 3_600_000)), at);
    const kept = (await recall(generationDb("7"), cookie, address, at + 1000)) as { session: { refreshed: boolean } } | null;
    expect(kept?.session.refreshed).toBe(false);
    expect(await recall(generationDb("8"), cookie, address, at + 1000)).toBeNull();
    // Dropped once stale: the next one reads afresh even if the number came back.
    expect(await recall(generationDb("7"), cookie, address, at + 1000)).toBeNull();
  });

  it("for a minute at most, and never past the session's expiry (without asking the database)", async () => {
    remember(cookie, address, resolvedFor(new Date(at + 3_600_000)), at);
    const db = generationDb("7");
    expect(await recall(db, cookie, address, at + 61_000)).toBeNull();
    remember(cookie, address, resolvedFor(new Date(at + 5_000)), at);
    expect(await recall(db, cookie, address, at + 5_000)).toBeNull();
    expect(db.asked).toBe(0);
  });

  it("keyed by the whole credential and address: another secret, path or host is another asker", async () => {
    remember(cookie, address, resolvedFor(new Date(at + 3_600_000)), at);
    const db = generationDb("7");
    expect(await recall(db, { kind: "cookie", token: "abc.other" }, address, at)).toBeNull();
    expect(await recall(db, cookie, appAddress("https://sonarr.home.example/other")!, at)).toBeNull();
    expect(await recall(db, cookie, appAddress("https://radarr.home.example/calendar")!, at)).toBeNull();
    expect(await recall(db, { kind: "api-key", key: "abc.def" }, address, at)).toBeNull();
    expect(await recall(db, cookie, address, at)).not.toBeNull();
  });

  it("keeps nothing for a guest, a cookie-less request, or facts read without their generation", async () => {
    const db = generationDb("7");
    remember({ kind: "cookie", token: undefined }, address, resolvedFor(new Date(at + 3_600_000)), at);
    expect(await recall(db, { kind: "cookie", token: undefined }, address, at)).toBeNull();
    remember(cookie, address, { actor: { kind: "guest" }, session: null } as never, at);
    expect(await recall(db, cookie, address, at)).toBeNull();
    remember(cookie, address, resolvedFor(new Date(at + 3_600_000), ""), at);
    expect(await recall(db, cookie, address, at)).toBeNull();
  });
});
