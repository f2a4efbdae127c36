import { decode } from "turbo-stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { createPipeline, type Pipeline } from "~/server/pipeline.server";
import { DAY } from "~/utils/time";
import { appBuild } from "../fixtures/app-build";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// `/` on a new install (issue #19 item 13): once the first board exists, it is everyone's home until
// someone sets one; with more boards and no home, the list. Its own database: the e2e suite's is shared.

const db = useTestDatabase();
let pipeline: Pipeline;
let cookie = "";

beforeAll(async () => {
  const sql = db.sql();
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"test"')`;
  const person = await makeUser(sql);
  cookie = `porch_session=${(await createSession(sql, person.id, { remember: true }, { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY })).token}`;
  pipeline = createPipeline(appBuild());
});

interface HomeData {
  home: { name: string; title: string } | null;
  items: Array<{ url: string | null }>;
  boards: Array<{ title: string }>;
}

/** What `/` shows, as its loader's data (the test build renders no React: `app-build.ts`). */
const home = async (): Promise<{ status: number; data: HomeData }> => {
  const response = await pipeline(new Request("http://localhost/_root.data", { headers: { cookie } }), "127.0.0.1");
  const decoded = await decode(response.body!);
  await decoded.done;
  const routes = decoded.value as Record<string, { data: HomeData }>;
  return { status: response.status, data: routes["routes/_index"].data };
};

describe("the home page", () => {
  it("with no board yet: a welcome and an empty list", async () => {
    const { status, data } = await home();
    expect(status).toBe(200);
    expect(data).toMatchObject({ home: null, boards: [] });
  });

  it("with the first board: that board, items and all", async () => {
    const [board] = await db.sql()`insert into boards (name, title, is_public) values ('lab', 'Home lab', true) returning id`;
    await db.sql()`insert into board_items (board_id, position, kind, title, url) values (${board.id}, 1, 'app', 'Router', 'https://router.example')`;
    const { status, data } = await home();
    expect(status).toBe(200);
    expect(data.home).toMatchObject({ name: "lab", title: "Home lab" });
    expect(data.items.map((i) => i.url)).toEqual(["https://router.example"]);
  });

  it("with two boards and no home chosen: the list, and where to choose one", async () => {
    await db.sql()`insert into boards (name, title, is_public) values ('media', 'Media', true)`;
    const { data } = await home();
    expect(data.home).toBeNull();
    expect(data.boards.map((b) => b.title)).toEqual(["Home lab", "Media"]);
  });
});
