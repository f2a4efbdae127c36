import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";
import { ownDatabase, runtimeOf, startPorch } from "./own-server";
import { run } from "./process";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { runtimeCommand, RUNTIME_ENV } from "../../scripts/lib/runtimes.mjs";

// Configuration as code (issue #23 part 4, ADR 044): a Porch started with PORCH_PROVISION_FILE has what
// the file says, shows it read-only, and refuses to start on a file with a mistake, naming its line.

const dir = mkdtempSync(path.join(os.tmpdir(), "porch-provision-e2e-"));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILE = `groups:
  - name: media
    description: Family media
    permissions: [board-create]
    requireTwoFactor: true
serviceAccounts:
  - name: backup-bot
    groups: [media]
settings:
  guestAccess: false
integrations:
  - name: Status
    kind: http-status
    url: http://127.0.0.1:9/
boards:
  - name: family
    title: Family
    items:
      - { kind: note, body: Managed by the file }
      - { kind: widget, integration: Status, title: Router }
    access:
      groups: { media: view }
`;

test("a Porch started with a provisioning file has its groups, service accounts and settings, read-only in Manage", async ({
  page,
  baseURL: _,
}, testInfo) => {
  const file = path.join(dir, `porch-${testInfo.project.name}.yaml`);
  writeFileSync(file, FILE);
  const url = await ownDatabase(testInfo, "porch_provision");
  const porch = await startPorch(testInfo, { DATABASE_URL: url, PORCH_PROVISION_FILE: file });
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    expect(porch.output()).toContain('"msg":"provisioning file applied"');
    await db`insert into server_settings (key, value) values ('onboarded_at', ${db.json(new Date().toISOString())}) on conflict do nothing`;
    const [admin] = await db`insert into users (username) values ('owner') returning id`;
    await db`insert into user_permissions (user_id, permission) values (${admin.id}, 'admin')`;
    const { token } = await createSession(db, admin.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const base = `http://localhost:${porch.port}`;
    await page.context().addCookies([{ name: "porch_session", value: token, url: base, httpOnly: true, sameSite: "Lax" }]);

    await page.goto(`${base}/manage/users/groups`);
    await expect(page.getByRole("row", { name: /media/ })).toContainText("(managed by the provisioning file)");
    await page.getByRole("link", { name: "media", exact: true }).click();
    await expect(page.getByTestId("managed-note")).toContainText("The group media");
    await expect(page.getByRole("checkbox", { name: /Members must use two-factor sign-in/ })).toBeDisabled();
    await expect(page.getByRole("checkbox", { name: /Members must use two-factor sign-in/ })).toBeChecked();
    await expect(page.getByRole("link", { name: "Delete group" })).toHaveCount(0);

    await page.goto(`${base}/manage/users/service-accounts`);
    await expect(page.getByRole("row", { name: /backup-bot/ })).toContainText("media");
    await page.goto(`${base}/manage/settings`);
    await expect(page.getByTestId("managed-note")).toContainText("These settings: guestAccess");
    await expect(page.getByRole("checkbox", { name: /Allow guests to see public boards/ })).toBeDisabled();

    // A board the file keeps: its items as the file says, no edit mode.
    await page.goto(`${base}/boards/family`);
    await expect(page.getByText("Managed by the file")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit board" })).toHaveCount(0);
    await page.goto(`${base}/boards/family/settings`);
    await expect(page.getByTestId("managed-note")).toContainText("The board family");
    await expect(page.getByLabel("Title")).toBeDisabled();
  } finally {
    await db.end();
    porch.child.kill("SIGTERM");
    await porch.exited;
  }

  // A restart applies it again and changes nothing.
  const again = await startPorch(testInfo, { DATABASE_URL: url, PORCH_PROVISION_FILE: file });
  expect(again.output()).toContain('"changes":[]');
  again.child.kill("SIGTERM");
  await again.exited;
});

test(
  "a mistake in the file stops the start with its line; the CLI's dry run plans without writing",
  { tag: "@http" },
  async ({}, testInfo) => {
    test.skip(testInfo.project.name === "no-js", "no browser: once per runtime");
    const url = await ownDatabase(testInfo, "porch_provision_bad");
    const bad = path.join(dir, `bad-${testInfo.project.name}.yaml`);
    writeFileSync(bad, "groups:\n  - name: media\n    permisions: [board-create]\n");
    const [command, args] = runtimeCommand(runtimeOf(testInfo));
    const porch = run(command, args, {
      ...RUNTIME_ENV,
      DATABASE_URL: url,
      PORCH_PROVISION_FILE: bad,
      NODE_ENV: "production",
      SECRET_ENCRYPTION_KEY: "ab".repeat(32),
      PORT: String(await freePort()),
    });
    expect(await porch.exited).toBe(1);
    expect(porch.output()).toContain(`Provisioning: ${bad}:3: groups[1]: Unknown key "permisions" in a group`);

    // What the database can't take now (a board deleted since): nothing of it is written, and Porch starts.
    const stale = path.join(dir, `stale-${testInfo.project.name}.yaml`);
    writeFileSync(stale, "settings:\n  defaultBoard: deleted-since\n");
    const started = await startPorch(testInfo, { DATABASE_URL: url, PORCH_PROVISION_FILE: stale });
    expect(started.output()).toContain('"msg":"provisioning file not applied: nothing of it was written"');
    expect(started.output()).toContain(`${stale}:2: settings.defaultBoard: no board is called \\"deleted-since\\"`);
    started.child.kill("SIGTERM");
    await started.exited;

    const good = path.join(dir, `good-${testInfo.project.name}.yaml`);
    writeFileSync(good, FILE);
    const env = { ...RUNTIME_ENV, DATABASE_URL: url, NODE_ENV: "production", SECRET_ENCRYPTION_KEY: "ab".repeat(32) };
    const dry = run("node", ["scripts/cli.mjs", "provision", "--dry-run", good], env);
    expect(await dry.exited).toBe(0);
    expect(dry.output()).toContain(`${good}: would change (dry run, nothing written):\n  - create group media`);
    const db = postgres(url, { max: 1, onnotice: () => {} });
    try {
      expect(await db`select 1 from groups where name = 'media'`).toHaveLength(0);
      const real = run("node", ["scripts/cli.mjs", "provision", good], env);
      expect(await real.exited).toBe(0);
      expect(real.output()).toContain(`${good}: changed:`);
      expect(await db`select managed from groups where name = 'media'`).toEqual([{ managed: true }]);
      const twice = run("node", ["scripts/cli.mjs", "provision", good], env);
      expect(await twice.exited).toBe(0);
      expect(twice.output()).toContain(`${good}: nothing to change.`);
    } finally {
      await db.end();
    }
  },
);
