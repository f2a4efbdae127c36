import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditSentence } from "~/utils/audit-sentences";

const base = { actorType: "user", actorUsername: "alice", targetType: null, targetName: null, details: {} };

/** Every audit action the app writes, read from its source (a new event without a sentence fails here). */
function actionsInSource(dir = "app"): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) for (const a of actionsInSource(file)) found.add(a);
    else if (/\.tsx?$/.test(name)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:recordChange\([^,]+, [^,]+, |action: )"([a-z0-9-]+(?:\.[a-z0-9-]+)+)"/g)) found.add(m[1]);
    }
  }
  return found;
}

describe("the audit log as sentences (issue #19 item 5)", () => {
  it("says who did what to which, by name", () => {
    expect(
      auditSentence({ ...base, action: "group.member-added", targetType: "group", targetName: "media", details: { username: "bob" } }),
    ).toBe("alice added bob to group media");
    expect(
      auditSentence({ ...base, action: "board.item.moved", targetType: "board", targetName: "lab", details: { item: "x", to: 2 } }),
    ).toBe("alice moved an item of board lab to position 2");
    expect(
      auditSentence({ ...base, actorUsername: null, actorType: "anonymous", action: "auth.sign-in.failed", details: { username: "root" } }),
    ).toBe("Someone not signed in failed to sign in as root");
    expect(
      auditSentence({
        ...base,
        action: "board.access.granted",
        targetType: "board",
        targetName: "lab",
        details: { group: "family", level: "modify" },
      }),
    ).toBe("alice gave family modify access to board lab");
    expect(auditSentence({ ...base, action: "user.deleted", targetType: "user", details: { username: "carol" } })).toBe(
      "alice deleted user carol",
    );
    expect(
      auditSentence({ ...base, action: "user.status-changed", targetType: "user", targetName: "dave", details: { status: "inactive" } }),
    ).toBe("alice set dave inactive");
  });

  it("names a target that is gone as gone, and falls back to the code when a detail is missing or the action is new", () => {
    expect(auditSentence({ ...base, action: "board.created", targetType: "board" })).toBe("alice created board a deleted board");
    expect(auditSentence({ ...base, action: "group.member-added", targetType: "group", targetName: "media" })).toBeNull();
    expect(auditSentence({ ...base, action: "something.new" })).toBeNull();
  });

  it("has a sentence for every action the app writes", () => {
    // Built from the resource's kind in resource-rows.server.ts, so not found as literals.
    const dynamic = ["board", "integration"].flatMap((k) => ["granted", "changed", "revoked"].map((v) => `${k}.access.${v}`));
    const actions = [...actionsInSource(), ...dynamic].filter((a) => !a.startsWith("test."));
    expect(actions.length).toBeGreaterThan(40);
    const without = actions.filter((a) => auditSentence({ ...base, action: a, details: new Proxy({}, { get: () => "x" }) }) === null);
    expect(without).toEqual([]);
  });
});
