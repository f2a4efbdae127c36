import type { AppLoadContext } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { randomToken } from "~/auth/tokens.server";
import { createInvite } from "~/models/invites.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// How the anonymous form actions read their bodies: once, and only when the link they post to is good.

const db = useTestDatabase();
const context = () =>
  ({
    actor: GUEST,
    client: { ip: "198.51.100.7", userAgent: "vitest" },
    requestId: "t",
    sessionToken: null,
    cspNonce: "",
  }) as unknown as AppLoadContext;
const form = (url: string, fields: Record<string, string>) =>
  new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
const status = (answer: unknown) =>
  answer instanceof Response ? answer.status : ((answer as { init?: { status?: number } }).init?.status ?? 200);

afterEach(() => vi.restoreAllMocks());

describe("request bodies", () => {
  it("refuses to read a sign-in body twice: one parse, no clones kept in memory", async () => {
    const { action } = await import("~/routes/auth.login");
    const user = await makeUser(db.sql());
    const clones = vi.spyOn(Request.prototype, "clone");
    const parses = vi.spyOn(Request.prototype, "formData");
    const wrong = await action({
      request: form("http://porch.test/auth/login", { username: user.username, password: "wrong-password" }),
      context: context(),
      params: {},
    });
    expect(status(wrong)).toBe(400);
    const right = (await action({
      request: form("http://porch.test/auth/login", { username: user.username, password: user.password }),
      context: context(),
      params: {},
    })) as Response;
    expect(right.status).toBe(302);
    expect(right.headers.get("set-cookie")).toMatch(/^porch_session=/);
    expect(clones).not.toHaveBeenCalled();
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it("refuses to read the form of an unusable invite link: the token is checked first", async () => {
    const { action } = await import("~/routes/auth.invite.$token");
    const parses = vi.spyOn(Request.prototype, "formData");
    const weak = { username: "newcomer", password: "x", confirmPassword: "y" };
    const unknown = await action({
      request: form("http://porch.test/auth/invite/x", weak),
      context: context(),
      params: { token: randomToken() },
    });
    expect(status(unknown)).toBe(404);
    const { token } = await createInvite(db.sql(), { userId: null, ip: null, userAgent: null }, DAY);
    await db.sql()`update invites set expires_at = now() - interval '1 second'`;
    const expired = await action({ request: form("http://porch.test/auth/invite/x", weak), context: context(), params: { token } });
    expect(status(expired)).toBe(410);
    expect(parses).not.toHaveBeenCalled();
    expect(await db.sql()`select 1 from users where username = 'newcomer'`).toHaveLength(0);
  });
});
