import { randomToken } from "~/auth/tokens.server";
import { createInvite } from "~/models/invites.server";
import { createResetLink } from "~/models/password-resets.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// Invite and reset links carry a live secret in their path. It must not travel on from there: not into
// the audit log (denied-access rows record paths), not in the Referer the page's own requests send
// (reverse proxies log it). The server log is covered by log-secrets.spec.ts.

const system = { userId: null, ip: null, userAgent: null };

test(
  "refuses to store invite tokens in the audit log's denied-access rows, however the path is spelled",
  { tag: "@http" },
  async ({ page, login, sql }) => {
    const me = await login();
    const tokens = [randomToken(), randomToken(), randomToken()];
    for (const path of [`/auth/invite/${tokens[0]}`, `/Auth/INVITE/${tokens[1]}`, `/auth/invite/${tokens[2]}.data`]) {
      expect((await page.request.get(path, { maxRedirects: 0 })).status()).toBe(404);
    }
    const rows = await sql`select target_id from audit_log where actor_user_id = ${me.id} and action = 'access.denied'`;
    expect(rows.length).toBeGreaterThan(0);
    const stored = rows.map((r) => r.target_id as string).join(" ");
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(stored).toContain("/auth/invite/[token]");
  },
);

test("refuses to leak invite and reset tokens through the Referer of the page's own requests", async ({ page, sql }) => {
  const { token: invite } = await createInvite(sql, system, DAY);
  const [user] = await sql`insert into users (username) values (${`referer_${Date.now().toString(36)}`}) returning id`;
  const reset = await createResetLink(sql, system, user.id);
  for (const [path, token] of [
    [`/auth/invite/${invite}`, invite],
    [`/auth/reset/${reset}`, reset],
  ]) {
    const referers: string[] = [];
    page.on("request", (r) => referers.push(r.headers().referer ?? ""));
    const response = await page.goto(path);
    expect(response!.status()).toBe(200);
    await page.waitForLoadState("networkidle");
    expect(referers.length).toBeGreaterThan(1);
    expect(referers.filter((r) => r.includes(token))).toEqual([]);
    expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
    page.removeAllListeners("request");
  }
});
