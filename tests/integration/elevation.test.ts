import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { Actor, SessionActor } from "~/auth/actor.server";
import { requireRecentProof } from "~/auth/elevation.server";
import { createSession } from "~/auth/session.server";
import { Refusal } from "~/permissions/refusal.server";
import { ROUTE_TABLE, type Method, type RouteEntry } from "~/routes.table";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Issue #21: every sensitive action the route table lists is refused to a session whose last proof is
// AUTH_ELEVATION_TTL (10 minutes) old or older, and accepted before that; the clock is the `now` given
// to the guard, never a sleep.

const db = useTestDatabase();
const TTL = 10 * MINUTE;
const policy = { expiryMs: DAY, maxLifetimeMs: DAY };
const client = { ip: "127.0.0.1", userAgent: "vitest" };

async function sessionActor(options: { password?: boolean; provider?: string } = {}) {
  const user = await makeUser(db.sql());
  if (options.password === false) await db.sql()`update users set password_hash = null where id = ${user.id}`;
  const provedAt = new Date();
  const { session } = await createSession(db.sql(), user.id, { remember: false }, policy, provedAt);
  const actor: SessionActor = {
    kind: "session",
    user: {
      id: user.id,
      username: user.username,
      displayName: null,
      email: null,
      avatarUrl: null,
      provider: options.provider ?? "credentials",
    },
    permissions: new Set(),
    mustSetUpTwoFactor: false,
    passkeyStep: null,
    session: { id: session.id, expiresAt: session.expiresAt, remember: false, elevatedAt: provedAt },
  };
  return { user, actor, provedAt };
}

function requestFor(entry: RouteEntry, method: Method, intent: string | undefined, extra: Record<string, string> = {}) {
  const url = `http://localhost:3000${entry.path}`;
  if (entry.api) return new Request(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify({}) });
  const body = new URLSearchParams({ ...(intent ? { intent } : {}), ...extra });
  return new Request(url, { method, body });
}

const contextFor = (actor: Actor) => ({ actor, client, notes: {} }) as unknown as AppLoadContext;

async function outcome(
  entry: RouteEntry,
  method: Method,
  intent: string | undefined,
  actor: Actor,
  now: Date,
  extra?: Record<string, string>,
) {
  try {
    await requireRecentProof(requestFor(entry, method, intent, extra), contextFor(actor), entry, method, actor as SessionActor, now);
    return "allowed";
  } catch (error) {
    if (error instanceof Refusal) return error.reason;
    throw error;
  }
}

const listed = Object.entries(ROUTE_TABLE).flatMap(([id, entry]) => (entry.sensitive ?? []).map((s) => ({ id, entry, ...s })));

describe("sensitive actions and a recent proof", () => {
  it("refuses each listed action once the proof is 10 minutes old, and allows it a second before", async () => {
    const withPassword = await sessionActor();
    const withoutPassword = await sessionActor({ password: false, provider: "oidc" });
    for (const s of listed) {
      for (const { actor, provedAt } of [withPassword, withoutPassword]) {
        const at = (ms: number) => new Date(provedAt.getTime() + ms);
        const label = `${s.id} ${s.method} ${s.intent ?? ""} (${actor.user.provider})`;
        expect(await outcome(s.entry, s.method, s.intent, actor, at(TTL - 1000)), label).toBe("allowed");
        // Forms that ask for the account's own password are their own proof for an account that has one.
        const expected = s.passwordInForm && actor === withPassword.actor ? "allowed" : "elevate";
        expect(await outcome(s.entry, s.method, s.intent, actor, at(TTL)), label).toBe(expected);
      }
    }
  });

  it("asks nothing of the same route's other forms or of API keys; a proxy's sessions are asked like any (attack29)", async () => {
    const { actor, provedAt } = await sessionActor();
    const late = new Date(provedAt.getTime() + DAY);
    const keys = ROUTE_TABLE["routes/settings.api-keys"];
    expect(await outcome(keys, "POST", "revoke", actor, late)).toBe("allowed");
    const apiKeyActor = {
      ...actor,
      kind: "api-key",
      apiKey: { id: "k", actAsOwner: true, expiresAt: null, granted: [] },
    } as unknown as Actor;
    expect(await outcome(ROUTE_TABLE["routes/api.users.$id"], "PATCH", undefined, apiKeyActor, late)).toBe("allowed");
    const proxied = { ...actor, user: { ...actor.user, provider: "proxy" } };
    // Its cookie works without the proxy in the way: it proves nothing by itself.
    expect(await outcome(keys, "POST", "create", proxied, late)).toBe("elevate");
  });

  it("takes the proof the refused form comes back with: a new session for the browser, the old one gone", async () => {
    const { user, actor, provedAt } = await sessionActor();
    const late = new Date(provedAt.getTime() + TTL);
    const keys = ROUTE_TABLE["routes/settings.api-keys"];
    const wrong = await (async () => {
      try {
        await requireRecentProof(
          requestFor(keys, "POST", "create", { description: "kept", "porch-confirm-password": "nope" }),
          contextFor(actor),
          keys,
          "POST",
          actor,
          late,
        );
      } catch (error) {
        return error as Refusal;
      }
    })();
    expect(wrong?.confirm).toMatchObject({
      error: "That is not your password.",
      fields: [
        ["intent", "create"],
        ["description", "kept"],
      ],
    });
    const context = contextFor(actor);
    await requireRecentProof(
      requestFor(keys, "POST", "create", { description: "kept", "porch-confirm-password": user.password }),
      context,
      keys,
      "POST",
      actor,
      late,
    );
    const renewed = context.actor as SessionActor;
    expect(renewed.session.id).not.toBe(actor.session.id);
    expect(context.notes.sessionCookie).toMatch(/^porch_session=/);
    expect((await db.sql()`select 1 from sessions where id = ${actor.session.id}`).length).toBe(0);
    const [row] = await db.sql()`select elevated_at from sessions where id = ${renewed.session.id}`;
    expect(row.elevatedAt.getTime()).toBe(late.getTime());
    const [audit] = await db.sql()`select details from audit_log where action = 'session.elevated' and actor_user_id = ${user.id}`;
    expect(audit.details).toMatchObject({ with: "password", to: "create an API key" });
  });

  it("names whose account, which group or board the confirmation is about (attack30: a prepared page said only 'their')", async () => {
    const { actor, provedAt } = await sessionActor();
    const late = new Date(provedAt.getTime() + TTL);
    const target = await makeUser(db.sql());
    const [group] = await db.sql()`insert into groups (name) values (${`about-${Date.now()}`}) returning id, name`;
    const asked = async (id: keyof typeof ROUTE_TABLE, path: string, intent: string) => {
      const entry = { ...ROUTE_TABLE[id], path };
      try {
        await requireRecentProof(requestFor(entry, "POST", intent), contextFor(actor), entry, "POST", actor, late);
      } catch (error) {
        return (error as Refusal).confirm?.what;
      }
    };
    expect(await asked("routes/manage.users.$id", `/manage/users/${target.id}`, "permissions")).toBe(
      `change their permissions for the account "${target.username}"`,
    );
    expect(await asked("routes/manage.users.groups.$id", `/manage/users/groups/${group.id}`, "add-member")).toMatch(
      new RegExp(`for the group "${group.name}"$`),
    );
    const [app] =
      await db.sql()`insert into protected_apps (origin, path_prefix) values ('https://sonarr.about.example', '/tv') returning id`;
    expect(await asked("routes/manage.apps.$id", `/manage/apps/${app.id}`, "delete")).toBe(
      "stop protecting the app (https://sonarr.about.example/tv)",
    );
  });
});
