import { describe, expect, it } from "vitest";
import { GUEST, resolveActor } from "~/auth/actor.server";
import { createSession } from "~/auth/session.server";
import { recordDenial } from "~/server/steps/denial.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../../fixtures/database";
import { makeUser } from "../../fixtures/users";

const db = useTestDatabase();
const policy = { expiryMs: DAY, maxLifetimeMs: DAY };
const client = { ip: "198.51.100.30", userAgent: "ua/3" };

async function signedInActor() {
  const user = await makeUser(db.sql());
  const { token } = await createSession(db.sql(), user.id, { remember: false }, policy);
  return { user, actor: (await resolveActor(db.sql(), token, policy)).actor };
}
const denials = (userId: string) =>
  db.sql()`select target_id, ip, user_agent, details from audit_log where action = 'access.denied' and actor_user_id = ${userId} order by id`;

describe("recording a denial", () => {
  it("records a signed-in user's 403 and 404 under the page's path (its data's too), cut at 512 characters", async () => {
    const { user, actor } = await signedInActor();
    await recordDenial(db.sql(), new Request("http://porch.test/manage/users.data"), new Response(null, { status: 403 }), actor, client);
    const long = `/${"x-".repeat(300)}`;
    await recordDenial(
      db.sql(),
      new Request(`http://porch.test${long}`, { method: "POST" }),
      new Response(null, { status: 404 }),
      actor,
      client,
    );
    expect(await denials(user.id)).toEqual([
      { targetId: "/manage/users", ip: client.ip, userAgent: "ua/3", details: { status: 403, method: "GET" } },
      { targetId: long.slice(0, 512), ip: client.ip, userAgent: "ua/3", details: { status: 404, method: "POST" } },
    ]);
  });

  it("records one row an hour per path, however often it is refused", async () => {
    const { user, actor } = await signedInActor();
    for (let i = 0; i < 3; i++) {
      await recordDenial(db.sql(), new Request("http://porch.test/manage"), new Response(null, { status: 403 }), actor, client);
    }
    expect(await denials(user.id)).toHaveLength(1);
  });

  it("records nothing for a guest, or for an answer that is no refusal", async () => {
    const { user, actor } = await signedInActor();
    for (const status of [200, 302, 400, 401, 500]) {
      await recordDenial(db.sql(), new Request("http://porch.test/manage"), new Response(null, { status }), actor, client);
    }
    expect(await denials(user.id)).toEqual([]);
    const before = await db.sql()`select count(*)::int as n from audit_log where action = 'access.denied'`;
    await recordDenial(db.sql(), new Request("http://porch.test/manage"), new Response(null, { status: 403 }), GUEST, client);
    expect(await db.sql()`select count(*)::int as n from audit_log where action = 'access.denied'`).toEqual(before);
  });
});
