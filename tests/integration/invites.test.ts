import { describe, expect, it } from "vitest";
import { randomToken } from "~/auth/tokens.server";
import { acceptInvite, createInvite, InviteUnusableError, inviteState } from "~/models/invites.server";
import { UsernameTakenError } from "~/models/manage-users.server";
import { DAY, HOUR } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const who = (username: string) => ({ username, passwordHash: "hash", ip: "127.0.0.1", userAgent: "vitest" });

describe("invites", () => {
  it("store only the token's hash and let one person in", async () => {
    const { id, token } = await createInvite(db.sql(), system, 7 * DAY);
    const [row] = await db.sql()`select * from invites where id = ${id}`;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await inviteState(db.sql(), token)).toBe("valid");
    const userId = await acceptInvite(db.sql(), token, who("newcomer"));
    const groups = await db.sql()`select g.name from group_members gm join groups g on g.id = gm.group_id where user_id = ${userId}`;
    expect(groups.map((g) => g.name)).toEqual(["everyone"]);
    expect(await inviteState(db.sql(), token)).toBe("used");
  });

  it("put the new person in the groups chosen, those that still exist, never in a made-up one (issue #19 item 13)", async () => {
    const sql = db.sql();
    const [media] = await sql`insert into groups (name) values ('media') returning id`;
    const [family] = await sql`insert into groups (name) values ('family') returning id`;
    const [gone] = await sql`insert into groups (name) values ('gone-soon') returning id`;
    const [everyone] = await sql`select id from groups where name = 'everyone'`;
    const { id, token } = await createInvite(sql, system, DAY, [
      media.id,
      family.id,
      gone.id,
      everyone.id,
      "00000000-0000-4000-8000-000000000000",
    ]);
    const [audit] = await sql`select details from audit_log where action = 'invite.created' and target_id = ${id}`;
    expect(audit.details.groups.sort()).toEqual(["family", "gone-soon", "media"]);
    await sql`delete from groups where id = ${gone.id}`;
    const userId = await acceptInvite(sql, token, who("invited-to-media"));
    const groups =
      await sql`select g.name from group_members gm join groups g on g.id = gm.group_id where user_id = ${userId} order by g.name`;
    expect(groups.map((g) => g.name)).toEqual(["everyone", "family", "media"]);
  });

  it("refuse reuse of a spent token, and create nobody", async () => {
    const { token } = await createInvite(db.sql(), system, DAY);
    await acceptInvite(db.sql(), token, who("first"));
    await expect(acceptInvite(db.sql(), token, who("second"))).rejects.toMatchObject({ state: "used" });
    expect(await db.sql()`select 1 from users where username = 'second'`).toHaveLength(0);
  });

  it("refuse two people racing with the same link: one account only", async () => {
    const { token } = await createInvite(db.sql(), system, DAY);
    const results = await Promise.allSettled(["racer1", "racer2", "racer3"].map((u) => acceptInvite(db.sql(), token, who(u))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.sql()`select 1 from users where username like 'racer%'`).toHaveLength(1);
  });

  it("refuse an expired token", async () => {
    const { id, token } = await createInvite(db.sql(), system, HOUR);
    await db.sql()`update invites set expires_at = now() - interval '1 second' where id = ${id}`;
    expect(await inviteState(db.sql(), token)).toBe("expired");
    await expect(acceptInvite(db.sql(), token, who("late"))).rejects.toMatchObject({ state: "expired" });
  });

  it("refuse guessed and malformed tokens", async () => {
    for (const guess of [randomToken(), "", "../../etc", "' or 1=1 --", "a".repeat(32)]) {
      expect(await inviteState(db.sql(), guess)).toBe("unknown");
      await expect(acceptInvite(db.sql(), guess, who("guesser"))).rejects.toBeInstanceOf(InviteUnusableError);
    }
  });

  it("keep the invite unspent when the username is taken", async () => {
    const { token } = await createInvite(db.sql(), system, DAY);
    await db.sql()`insert into users (username) values ('Taken')`;
    await expect(acceptInvite(db.sql(), token, who("taken"))).rejects.toBeInstanceOf(UsernameTakenError);
    expect(await inviteState(db.sql(), token)).toBe("valid");
  });
});
