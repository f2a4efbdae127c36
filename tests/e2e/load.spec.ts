import { readdirSync, readFileSync } from "node:fs";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// 200 concurrent clients against one server for a bounded time (LOAD_SECONDS, default 4 per round):
// sign-ins, board pages and API calls mixed. Zero errors, no session lost, memory stable.
const CLIENTS = 200;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 4);

/** The resident memory (MB) of the server listening on `port` (found through /proc). */
function serverRssMb(port: string): number | null {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("build/server.mjs")) continue;
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`PORT=${port}`)) continue;
      const line = readFileSync(`/proc/${pid}/status`, "utf8")
        .split("\n")
        .find((l) => l.startsWith("VmRSS:"))!;
      return Math.round(Number(line.replace(/\D+/g, "")) / 1024);
    } catch {
      // a process that went away
    }
  }
  return null;
}

test("200 concurrent clients: no errors, no session lost, memory stable", async ({ sql, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const [user] =
    await sql`insert into users (username, password_hash) values (${`load_${stamp}`}, ${await hashPassword("load test password 1")}) returning id, username`;
  const board = `load-${stamp}`;
  const [b] = await sql`insert into boards (name, title, creator_id) values (${board}, 'Load', ${user.id}) returning id`;
  await sql`insert into board_items (board_id, position, kind, body) values (${b.id}, 1, 'note', 'under load')`;
  const sessions = await Promise.all(
    Array.from(
      { length: CLIENTS },
      async () => (await createSession(sql, user.id, { remember: true }, { expiryMs: DAY, maxLifetimeMs: DAY })).token,
    ),
  );
  const { token: key } = await createApiKey(
    sql,
    { userId: null, ip: null, userAgent: null },
    { userId: user.id, description: "load", permissions: [], actAsOwner: true, expiresAt: null },
  );
  // Each signing-in client has its own account: one person doesn't sign in ten times at once (the
  // lockout counts attempts in flight, by design).
  const passwordHash = await hashPassword("load test password 1");
  const signers = await sql`
    insert into users (username, password_hash) select ${`load_${stamp}_`} || i, ${passwordHash} from generate_series(1, ${CLIENTS / 20}) i
    returning username`;
  const port = new URL(baseURL!).port;
  const origin = new URL(baseURL!).origin;

  const failures: string[] = [];
  const counts = { signIn: 0, page: 0, api: 0 };
  async function round() {
    // Every test signs in from 127.0.0.1; failures earlier in the run (lockout, fuzz, OIDC tests) count
    // against this address, and the throttle counts sign-ins in flight. Start each round afresh.
    await sql`delete from auth_throttle where key like 'ip:%'`;
    const deadline = Date.now() + SECONDS * 1000;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb(port) ?? 0)), 200);
    await Promise.all(
      sessions.map(async (token, i) => {
        for (let n = 0; Date.now() < deadline; n++) {
          const kind = i % 20 === 0 ? "signIn" : (i + n) % 3 === 0 ? "api" : "page";
          try {
            const res =
              kind === "signIn"
                ? await fetch(`${baseURL}/auth/login`, {
                    method: "POST",
                    redirect: "manual",
                    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
                    body: `username=${signers[i / 20].username}&password=load+test+password+1`,
                  })
                : kind === "api"
                  ? await fetch(`${baseURL}/api/boards/${board}`, { headers: { Authorization: `Bearer ${key}` } })
                  : await fetch(`${baseURL}/boards/${board}`, { headers: { Cookie: `porch_session=${token}` } });
            await res.arrayBuffer();
            const ok =
              kind === "signIn"
                ? res.status === 302 && (res.headers.get("set-cookie") ?? "").startsWith("porch_session=")
                : res.status === 200;
            if (!ok) failures.push(`${kind}: ${res.status}`);
            counts[kind]++;
          } catch (error) {
            failures.push(`${kind}: ${String(error)}`);
          }
        }
      }),
    );
    clearInterval(sampler);
    return peak;
  }
  // The first rounds warm the heap (V8 grows it lazily); after that it must stop growing.
  const peaks = [];
  for (let i = 0; i < Number(process.env.LOAD_ROUNDS ?? 3); i++) peaks.push(await round());
  const [first, second] = peaks.slice(-2);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(counts.page).toBeGreaterThan(CLIENTS);
  expect(counts.signIn).toBeGreaterThan(0);
  // No session lost: every client is still signed in.
  const lost = [];
  for (const token of sessions) {
    const res = await fetch(`${baseURL}/api/auth/session`, { headers: { Cookie: `porch_session=${token}` } });
    if ((await res.json())?.user?.id !== user.id) lost.push(token.slice(0, 6));
  }
  expect(lost).toEqual([]);
  // Memory stable: the second round peaks no higher than the first (with room for noise).
  test.info().annotations.push({ type: "load", description: `${JSON.stringify(counts)}; RSS peaks ${peaks.join(", ")} MB` });
  if (first && second) expect(second).toBeLessThan(first * 1.3 + 40);
});
