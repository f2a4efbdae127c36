import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { getConfig, setConfigForTests } from "~/config.server";
import { createApiKey } from "~/models/api-keys.server";
import { createPipeline, type Pipeline } from "~/server/pipeline.server";
import { DAY } from "~/utils/time";
import { appBuild } from "../fixtures/app-build";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// The identity headers an app receives through forward auth name the person asking, never another one:
// the facts ride in the actor's statement (ADR 033), where one SQL alias could stand for another person.
// Several people here have believable emails and groups, so a fact read from the wrong row shows.

const db = useTestDatabase();
let pipeline: Pipeline;
const people: { name: string; email: string; group: string; cookie: string; key: string }[] = [];
const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "sonarr.identity.example", "x-forwarded-uri": "/" };

beforeAll(async () => {
  const sql = db.sql();
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"test"')`;
  const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
  const nobody = { userId: null, ip: null, userAgent: null };
  for (const name of ["first", "second", "third"]) {
    const user = await makeUser(sql, { username: `${name}-person` });
    const email = `${name}@identity.example`;
    await sql`update users set display_name = ${name.toUpperCase()}, email = ${email}, email_verified_at = now() where id = ${user.id}`;
    const [group] = await sql`insert into groups (name, position) values (${`${name}-group`}, 10) returning id`;
    await sql`insert into group_members (group_id, user_id) values (${group.id}, ${user.id})`;
    const session = await createSession(sql, user.id, { remember: true }, policy);
    const key = await createApiKey(sql, nobody, { userId: user.id, description: "fa", permissions: [], actAsOwner: true, expiresAt: null });
    people.push({
      name: `${name}-person`,
      email,
      group: `${name}-group`,
      cookie: `porch_session=${session.token}`,
      key: `Bearer ${key.token}`,
    });
  }
  const [app] = await sql`insert into protected_apps (origin) values ('https://sonarr.identity.example') returning id`;
  await sql`insert into protected_app_user_permissions (app_id, user_id) select ${app.id}, id from users`;
  pipeline = createPipeline(appBuild());
  setConfigForTests({ ...getConfig(), baseUrl: new URL("http://localhost") });
});

async function identity(credentials: Record<string, string>) {
  const response = await pipeline(
    new Request("http://localhost/api/auth/forward-auth", { headers: { ...FORWARDED, ...credentials } }),
    "127.0.0.1",
  );
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  const h = response.headers;
  return { user: h.get("remote-user"), email: h.get("remote-email"), groups: h.get("remote-groups") };
}

describe("forward auth's identity headers belong to whoever asks", () => {
  it("by session: each person's own name, email and groups", async () => {
    for (const p of people) expect(await identity({ cookie: p.cookie })).toEqual({ user: p.name, email: p.email, groups: p.group });
  });

  it("someone whose email nobody confirmed gets none, though others' are confirmed", async () => {
    const sql = db.sql();
    const typed = await makeUser(sql, { username: "typed-person" });
    await sql`update users set email = 'typed@identity.example' where id = ${typed.id}`;
    await sql`insert into protected_app_user_permissions (app_id, user_id) select id, ${typed.id} from protected_apps`;
    const session = await createSession(sql, typed.id, { remember: true }, { expiryMs: DAY, maxLifetimeMs: DAY });
    expect(await identity({ cookie: `porch_session=${session.token}` })).toEqual({ user: "typed-person", email: "", groups: "" });
  });

  it("by API key acting as its owner: the owner's own", async () => {
    for (const p of people) expect(await identity({ authorization: p.key })).toEqual({ user: p.name, email: p.email, groups: p.group });
  });
});

describe("forward auth past Remix's router answers as Remix would", () => {
  it("GET only, as the route table says: other methods get Remix's 405, a HEAD the same answer without a body", async () => {
    const ask = (method: string, path = "/api/auth/forward-auth") =>
      pipeline(new Request(`http://localhost${path}`, { method, headers: { ...FORWARDED, cookie: people[0].cookie } }), "127.0.0.1");
    const posted = await pipeline(
      new Request("http://localhost/api/auth/forward-auth", { method: "POST", headers: { ...FORWARDED, authorization: people[0].key } }),
      "127.0.0.1",
    );
    expect(posted.status).toBe(405);
    const head = await ask("HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("remote-user")).toBe(people[0].name);
    // Any case and a trailing slash, as Remix matches routes.
    const loud = await ask("GET", "/API/Auth/Forward-Auth/");
    expect([loud.status, loud.headers.get("remote-user")]).toEqual([200, people[0].name]);
  });
});
