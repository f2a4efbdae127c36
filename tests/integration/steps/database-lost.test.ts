import { afterEach, describe, expect, it, vi } from "vitest";
import { createSql, setSqlForTests } from "~/db.server";
import { orDatabaseUnavailable } from "~/server/steps/database-lost.server";
import { useTestDatabase } from "../../fixtures/database";

const db = useTestDatabase();
const page = new Request("http://porch.test/boards");
const api = new Request("http://porch.test/api/boards");
const lostConnection = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
const thrown = (error: unknown) => () => Promise.reject(error);
const answered = (status: number) => () => Promise.resolve(new Response("answer", { status }));
const databaseAway = () => setSqlForTests(createSql("postgres://porch@127.0.0.1:1/nowhere", { max: 1 }));

afterEach(() => {
  vi.restoreAllMocks();
  setSqlForTests(db.sql());
});

describe("answering a lost database with 503", () => {
  it("hands on every answer while the database answers, a 500 included", async () => {
    for (const status of [200, 403, 500]) expect((await orDatabaseUnavailable(page, "r", answered(status))).status).toBe(status);
  });

  it("hands on a route's own 503 while the database answers (a mail server or an identity provider away), its words kept", async () => {
    const own = () => Promise.resolve(Response.json({ error: "temporarily_unavailable" }, { status: 503 }));
    const response = await orDatabaseUnavailable(api, "r", own);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "temporarily_unavailable" });
  });

  it("answers 503 to a connection error thrown on the way, even while the database answers again", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await orDatabaseUnavailable(page, "req-9", thrown(lostConnection()));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain("Porch can't reach its database");
    expect(JSON.parse(errors.mock.calls[0][0] as string)).toEqual({
      level: "error",
      msg: "database unavailable",
      requestId: "req-9",
      error: "Error: read ECONNRESET",
    });
  });

  it("throws on an error that isn't the database's while the database answers", async () => {
    const bug = new TypeError("a bug");
    await expect(orDatabaseUnavailable(page, "r", thrown(bug))).rejects.toBe(bug);
  });

  it("answers 503 to any thrown error or a 500 while the database doesn't answer: JSON under /api", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    databaseAway();
    expect((await orDatabaseUnavailable(page, "r", thrown(new TypeError("fallout")))).status).toBe(503);
    const json = await orDatabaseUnavailable(api, "r", answered(500));
    expect(json.status).toBe(503);
    expect(await json.json()).toEqual({ error: "database_unavailable", message: "Porch can't reach its database right now." });
    expect((await orDatabaseUnavailable(api, "r", answered(404))).status).toBe(404);
    expect(await (await orDatabaseUnavailable(api, "r", answered(503))).json()).toMatchObject({ error: "database_unavailable" });
  });
});
