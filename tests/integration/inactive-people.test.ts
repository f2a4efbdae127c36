import { describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { createServiceAccount } from "~/models/service-accounts.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { formPost, run, signedInContext, statusOf } from "../fixtures/routes";
import { makeUser } from "../fixtures/users";

// "Inactive for N days" in Manage → Users: who shows no use, and a bulk deactivation that only ever
// touches people still inactive when the form comes back.

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 400 * DAY };
const ago = (days: number) => new Date(Date.now() - days * DAY);
const nobody = { userId: null, ip: null, userAgent: null };

/** A person made `made` days ago, last signed in `signedIn` days ago (null: never). */
async function person(made: number, signedIn: number | null, options: { permissions?: string[] } = {}) {
  const user = await makeUser(db.sql(), options);
  await db.sql()`update users set created_at = ${ago(made)}, last_sign_in_at = ${signedIn === null ? null : ago(signedIn)} where id = ${user.id}`;
  return user;
}

async function report(days: number, as: { id: string }) {
  const { loader } = await import("~/routes/manage.users.inactive");
  const request = new Request(`http://porch.test/manage/users/inactive?days=${days}`);
  const answer = (await loader({ request, context: await signedInContext(db.sql(), as.id), params: {} } as never)) as {
    people: Array<{ username: string }>;
  };
  return answer.people.map((p) => p.username);
}

async function deactivate(days: number, ids: string[], as: { id: string }) {
  const { action } = await import("~/routes/manage.users.inactive");
  const body = new URLSearchParams([["days", String(days)], ...ids.map((id) => ["user", id])]);
  const request = new Request("http://porch.test/manage/users/inactive", { method: "POST", body });
  const context = await signedInContext(db.sql(), as.id);
  return run(() => action({ request, context, params: {} } as never)) as Promise<{
    ok: boolean;
    message: string;
  }>;
}

describe("inactive people", () => {
  it("lists people with no sign-in, session use or key use for N days, never the active, the new, or service accounts", async () => {
    const admin = await person(400, 0, { permissions: ["admin"] });
    const idle = await person(200, 120);
    const never = await person(200, null);
    const fresh = await person(10, null);
    const recent = await person(200, 5);
    const sessionUser = await person(200, 150);
    await createSession(db.sql(), sessionUser.id, { remember: true }, policy, ago(150));
    await db.sql()`update sessions set last_used_at = ${ago(3)} where user_id = ${sessionUser.id}`;
    const keyUser = await person(200, 150);
    await createApiKey(db.sql(), nobody, { userId: keyUser.id, description: "cron", permissions: [], actAsOwner: true, expiresAt: null });
    await db.sql()`update api_keys set last_used_at = ${ago(2)} where user_id = ${keyUser.id}`;
    const account = await createServiceAccount(db.sql(), nobody, { name: `robot-${Date.now()}`, description: null, groupIds: [] });
    await db.sql()`update users set created_at = ${ago(300)} where id = ${account}`;
    const listed = await report(90, admin);
    expect(listed).toEqual(expect.arrayContaining([idle.username, never.username]));
    for (const kept of [admin, fresh, recent, sessionUser, keyUser]) expect(listed).not.toContain(kept.username);
    expect((await report(180, admin)).includes(idle.username)).toBe(false);
  });

  it("deactivates the ticked people still inactive, ends their access, and leaves alone one who came back meanwhile", async () => {
    const admin = await person(400, 0, { permissions: ["admin"] });
    const gone = await person(300, 200);
    const back = await person(300, 200);
    const { token } = await createSession(db.sql(), gone.id, { remember: true }, policy, ago(200));
    // `back` signs in between the page being shown and the form coming back.
    await db.sql()`update users set last_sign_in_at = now() where id = ${back.id}`;
    const answer = await deactivate(90, [gone.id, back.id, "not-a-uuid"], admin);
    expect(answer.message).toMatch(new RegExp(`Deactivated ${gone.username}`));
    expect(answer.message).toMatch(/1 person used Porch since this list was shown/);
    const statuses = await db.sql()`select id, status from users where id in ${db.sql()([gone.id, back.id])}`;
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [gone.id]: "inactive", [back.id]: "active" });
    expect(await validateSessionToken(db.sql(), token, policy)).toBeNull();
    const [audit] = await db.sql()`select actor_user_id from audit_log where action = 'user.status-changed' and target_id = ${gone.id}`;
    expect(audit.actorUserId).toBe(admin.id);
  });

  it("answers a form with nobody ticked with a 400 and a message", async () => {
    const admin = await person(400, 0, { permissions: ["admin"] });
    const { action } = await import("~/routes/manage.users.inactive");
    const context = await signedInContext(db.sql(), admin.id);
    const answer = await run(() => action({ request: formPost("/manage/users/inactive", { days: "90" }), context, params: {} } as never));
    expect(statusOf(answer)).toBe(400);
    expect((answer as unknown as { data: { message: string } }).data.message).toMatch(/Tick the people/);
  });
});
