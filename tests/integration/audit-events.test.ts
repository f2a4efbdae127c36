import { describe, expect, it } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { createSession } from "~/auth/session.server";
import { endSession, startSession } from "~/auth/sign-in.server";
import { changeOwnPassword, updateOwnProfile } from "~/models/account.server";
import { addMember, createGroup, deleteGroup, removeMember, setGroupPermissions, updateGroup } from "~/models/groups.server";
import { acceptInvite, createInvite, deleteInvite } from "~/models/invites.server";
import {
  adminSetPassword,
  createManagedUser,
  deleteUser,
  setUserGroups,
  setUserPermissions,
  setUserStatus,
  updateProfile,
} from "~/models/manage-users.server";
import { DAY } from "~/utils/time";
import { requestContext } from "../fixtures/context";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const ip = "198.51.100.23";
const userAgent = "audit-events-test";

/** Each event, written by the action that causes it: the row names the actor, target, IP and browser. */
describe("audit events", () => {
  const cases: Array<[string, (ctx: { actor: string }) => Promise<string>]> = [
    [
      "auth.sign-in",
      async () => {
        const u = await makeUser(db.sql());
        await startSession({ actor: GUEST, client: { ip, userAgent }, requestId: "t", cspNonce: "" } as never, u.id, {
          remember: false,
          provider: "credentials",
        });
        return u.id;
      },
    ],
    [
      "auth.sign-out",
      async () => {
        const u = await makeUser(db.sql());
        const { token } = await createSession(db.sql(), u.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
        await endSession({ ...(await requestContext(db.sql(), token)), client: { ip, userAgent } } as never);
        return u.id;
      },
    ],
    [
      "user.created",
      async ({ actor }) =>
        createManagedUser(db.sql(), { userId: actor, ip, userAgent }, { username: `ev_${Date.now()}`, passwordHash: "h", groupIds: [] }),
    ],
    [
      "user.profile-updated",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        await updateProfile(db.sql(), { userId: actor, ip, userAgent }, u.id, { displayName: "X", email: null, avatarUrl: null });
        return u.id;
      },
    ],
    [
      "user.status-changed",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        await setUserStatus(db.sql(), { userId: actor, ip, userAgent }, u.id, "inactive");
        return u.id;
      },
    ],
    [
      "user.groups-changed",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        // A change: a save that changes nothing is no event (attack44).
        const [g] = await db.sql()<{ id: string }[]>`insert into groups (name) values (${`g_${Date.now()}`}) returning id`;
        await setUserGroups(db.sql(), { userId: actor, ip, userAgent }, u.id, [g.id]);
        return u.id;
      },
    ],
    [
      "user.permissions-changed",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        await setUserPermissions(db.sql(), { userId: actor, ip, userAgent }, u.id, ["board-create"]);
        return u.id;
      },
    ],
    [
      "user.password-reset-by-admin",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        await adminSetPassword(db.sql(), { userId: actor, ip, userAgent }, u.id, "h");
        return u.id;
      },
    ],
    [
      "user.deleted",
      async ({ actor }) => {
        const u = await makeUser(db.sql());
        await deleteUser(db.sql(), { userId: actor, ip, userAgent }, u.id);
        return u.id;
      },
    ],
    [
      "account.profile-updated",
      async () => {
        const u = await makeUser(db.sql());
        await updateOwnProfile(db.sql(), { userId: u.id, ip, userAgent }, { displayName: "Me", email: null, avatarUrl: null });
        return u.id;
      },
    ],
    [
      "account.password-changed",
      async () => {
        const u = await makeUser(db.sql());
        await changeOwnPassword(db.sql(), { userId: u.id, ip, userAgent }, "h", "none", { endApiKeys: false });
        return u.id;
      },
    ],
    ["group.created", async ({ actor }) => createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_a` })],
    [
      "group.updated",
      async ({ actor }) => {
        const id = await createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_b` });
        await updateGroup(db.sql(), { userId: actor, ip, userAgent }, id, { name: `g_${Date.now()}_c`, description: null });
        return id;
      },
    ],
    [
      "group.permissions-changed",
      async ({ actor }) => {
        const id = await createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_d` });
        await setGroupPermissions(db.sql(), { userId: actor, ip, userAgent }, id, ["board-view-all"]);
        return id;
      },
    ],
    [
      "group.member-added",
      async ({ actor }) => {
        const id = await createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_e` });
        const u = await makeUser(db.sql());
        await addMember(db.sql(), { userId: actor, ip, userAgent }, id, u.username);
        return id;
      },
    ],
    [
      "group.member-removed",
      async ({ actor }) => {
        const id = await createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_f` });
        const u = await makeUser(db.sql());
        await removeMember(db.sql(), { userId: actor, ip, userAgent }, id, u.id);
        return id;
      },
    ],
    [
      "group.deleted",
      async ({ actor }) => {
        const id = await createGroup(db.sql(), { userId: actor, ip, userAgent }, { name: `g_${Date.now()}_g` });
        await deleteGroup(db.sql(), { userId: actor, ip, userAgent }, id);
        return id;
      },
    ],
    ["invite.created", async ({ actor }) => (await createInvite(db.sql(), { userId: actor, ip, userAgent }, DAY)).id],
    [
      "invite.accepted",
      async () => {
        const { id, token } = await createInvite(db.sql(), { userId: null, ip, userAgent }, DAY);
        await acceptInvite(db.sql(), token, { username: `inv_${Date.now()}`, passwordHash: "h", ip, userAgent });
        return id;
      },
    ],
    [
      "invite.deleted",
      async ({ actor }) => {
        const { id } = await createInvite(db.sql(), { userId: actor, ip, userAgent }, DAY);
        await deleteInvite(db.sql(), { userId: actor, ip, userAgent }, id);
        return id;
      },
    ],
  ];

  for (const [action, run] of cases) {
    it(`writes ${action}`, async () => {
      const admin = await makeUser(db.sql(), { permissions: ["admin"] });
      const target = await run({ actor: admin.id });
      const [row] = await db.sql()`
        select action, ip, user_agent, target_id, actor_user_id from audit_log
         where action = ${action} and (target_id = ${target} or actor_user_id = ${target}) order by id desc limit 1`;
      expect(row, action).toBeDefined();
      expect(row.ip).toBe(ip);
      expect(row.userAgent).toBe(userAgent);
    });
  }
});
