// Two first sign-ins of the same directory, provider or proxy person at once (two tabs, a proxy's
// parallel requests) make one account and sign both in; neither is told its name belongs to someone else.
import { describe, expect, it } from "vitest";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const person = (name: string) => ({ dn: name, externalId: name, username: name, email: null, displayName: null, groups: [] });

describe("first sign-ins at once", () => {
  it("make one account, and every one of them gets it", async () => {
    for (let round = 0; round < 12; round++) {
      const name = `race_${round}_${Date.now().toString(36)}`;
      const ids = await Promise.all(
        Array.from({ length: 6 }, () => provisionDirectoryUser(db.sql(), "proxy", person(name), { adminGroup: null, client })),
      );
      expect(new Set(ids).size, name).toBe(1);
      expect(await db.sql()`select 1 from users where external_id = ${name}`).toHaveLength(1);
    }
  });

  it("still refuses a name a local account holds", async () => {
    const name = `local_${Date.now().toString(36)}`;
    await db.sql()`insert into users (username) values (${name})`;
    await expect(provisionDirectoryUser(db.sql(), "proxy", person(name), { adminGroup: null, client })).rejects.toBeInstanceOf(
      DirectoryUserRefused,
    );
  });
});
