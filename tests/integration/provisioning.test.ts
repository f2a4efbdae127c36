import { spawnSync } from "node:child_process";
import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, getGroup, removeMember, setGroupPermissions, updateGroup } from "~/models/groups.server";
import { ManagedByFileError } from "~/models/managed.server";
import { deleteUser, setUserPermissions, setUserStatus } from "~/models/manage-users.server";
import { boardRows } from "~/models/board-rows.server";
import { listItems, patchBoard } from "~/models/boards.server";
import { deleteIntegration } from "~/models/integrations.server";
import { getBoardSettings, saveBoardSettings } from "~/models/server-settings.server";
import { readProvisionText } from "~/provision/read.server";
import { ProvisionFileError, provisionFromFile } from "~/provision/run.server";
import { setConfigForTests } from "~/config.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Configuration as code (issue #23 part 4, ADR 044): the provisioning file read with its line numbers,
// applied through the models in one transaction, idempotent, planned by a dry run, and what it manages
// refused to every other way of changing it.

const db = useTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), "porch-provision-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const admin = { userId: null, ip: null, userAgent: "test" };

let n = 0;
function file(text: string): string {
  const name = path.join(dir, `porch-${++n}.yaml`);
  writeFileSync(name, text);
  return name;
}
const problems = (text: string) => {
  const read = readProvisionText(text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}: ${p.message}`);
};
const apply = (text: string, dryRun = false) => provisionFromFile(db.sql(), file(text), dryRun);
const refusal = async (text: string) => {
  try {
    await apply(text);
  } catch (error) {
    if (error instanceof ProvisionFileError) return error.lines.map((l) => l.replace(/^.*porch-\d+\.yaml/, "file"));
    throw error;
  }
  throw new Error("applied");
};

const FILE = `# Porch as code
settings:
  guestAccess: false
groups:
  - name: media
    description: Family media
    permissions: [board-create]
    requireTwoFactor: true
    directoryGroups:
      - provider: ldap
        group: cn=media,ou=groups,dc=home
  - name: ops
    permissions: [other-view-logs]
serviceAccounts:
  - name: backup-bot
    description: Nightly backups
    groups: [media]
    permissions: [board-create]
`;

beforeEach(async () => {
  await db.sql()`update groups set managed = false`;
  await db.sql()`update users set managed = false`;
  await db.sql()`delete from server_settings where key = 'provisioned_settings'`;
});

describe("reading the file", () => {
  it("gives every problem once, with its line: a misspelt key, an unknown permission, a name given twice, bad YAML", () => {
    expect(
      problems(`groups:
  - name: media
    permisions: [board-create]
  - name: ops
    permissions: [board-destroy]
serviceAccounts:
  - name: "no spaces allowed"
`),
    ).toEqual([
      '3: groups[1]: Unknown key "permisions" in a group: name, description, permissions, requireTwoFactor, requirePasskey, directoryGroups',
      expect.stringMatching(/^5: groups\[2\]\.permissions\[1\]: Unknown permission "board-destroy": one of /),
      expect.stringMatching(/^7: serviceAccounts\[1\]\.name: Use letters, digits/),
    ]);
    // Control characters (a terminal's escape codes) in a directory group, as the page refuses them (attack45).
    expect(problems('groups:\n  - name: media\n    directoryGroups:\n      - provider: ldap\n        group: "x\\e[2K"\n')).toEqual([
      "5: groups[1].directoryGroups[1].group: A group name can't contain control characters.",
    ]);
    // A loop of aliases, or too many: refused in words, not a crash (attack45).
    expect(problems("groups: &g\n  - name: x\n    permissions: *g\n")).toEqual([
      expect.stringMatching(/^null: Aliases \(\*name\) can't be expanded/),
    ]);
    expect(problems("groups:\n  - name: [unclosed\n")).toEqual([
      expect.stringMatching(/^3: Flow sequence in block collection must be .*\]$/),
    ]);
    expect(problems("bords:\n  - name: home\n")).toEqual([
      '1: Unknown key "bords": the file holds settings, groups, serviceAccounts, integrations and boards',
    ]);
  });

  it("gives the file's own mistakes all at once, a secret among them (newcomer45: five runs for eight mistakes)", () => {
    expect(problems("groups:\n  - name: media\n    permisions: []\nserviceAccounts:\n  - name: bot\n    apiKey: porch_x_y\n")).toEqual([
      '3: groups[1]: Unknown key "permisions" in a group: name, description, permissions, requireTwoFactor, requirePasskey, directoryGroups',
      expect.stringMatching(/^6: "apiKey" holds a secret, .*API keys are made in Manage$/),
    ]);
  });

  it("refuses a secret written into the file, without repeating it, and points to a file or variable instead", () => {
    const found = problems(`serviceAccounts:
  - name: robot
    apiKey: porch_abc_supersecret
settings:
  password: hunter2
`);
    expect(found).toEqual([
      `3: "apiKey" holds a secret, and secrets are never written in the provisioning file: an integration's are read from <field>File (a file's path) or <field>Env (a variable's name) under its secrets; API keys are made in Manage`,
      `5: "password" holds a secret, and secrets are never written in the provisioning file: an integration's are read from <field>File (a file's path) or <field>Env (a variable's name) under its secrets; API keys are made in Manage`,
    ]);
    expect(found.join("\n")).not.toMatch(/supersecret|hunter2/);
  });
});

describe("applying it", () => {
  it("makes what it says through the models (audited), and applying it again changes nothing", async () => {
    const changes = await apply(FILE);
    expect(changes).toEqual([
      "create group media",
      "group media: permissions board-create",
      "group media: two-factor required",
      // A mapping for a provider that is off is kept; the plan says nobody signs in that way yet.
      "group media: members of ldap group cn=media,ou=groups,dc=home join it (ldap isn't in AUTH_PROVIDERS: nobody signs in that way yet)",
      "create group ops",
      "group ops: permissions other-view-logs",
      "create service account backup-bot in media",
      "service account backup-bot: permissions board-create",
      "setting guestAccess: false",
      "manage setting guestAccess",
    ]);
    const [media] = await db.sql()<{ id: string }[]>`select id from groups where name = 'media'`;
    const group = await getGroup(db.sql(), media.id);
    expect(group).toMatchObject({ managed: true, require2fa: true, permissions: ["board-create"], description: "Family media" });
    expect(group?.directoryGroups).toEqual([{ provider: "ldap", name: "cn=media,ou=groups,dc=home" }]);
    const [bot] = await db.sql()`select kind, managed, display_name from users where username = 'backup-bot'`;
    expect(bot).toMatchObject({ kind: "service", managed: true, displayName: "Nightly backups" });
    expect((await getBoardSettings(db.sql())).guestAccess).toBe(false);
    const audited = await db.sql()<{ action: string }[]>`
      select action from audit_log where user_agent = 'porch-provision' order by id`;
    expect(audited.map((a) => a.action)).toContain("group.created");
    expect(audited.at(-1)?.action).toBe("provision.applied");

    expect(await apply(FILE)).toEqual([]);
  });

  it("plans with a dry run and writes nothing, not even the audit row", async () => {
    const text = FILE.replaceAll("media", "dryrun").replaceAll("ops", "dryops").replace("backup-bot", "dry-bot");
    const planned = await apply(text, true);
    expect(planned).toContain("create group dryrun");
    expect(await db.sql()`select 1 from groups where name in ('dryrun', 'dryops')`).toHaveLength(0);
    expect(await db.sql()`select 1 from users where username = 'dry-bot'`).toHaveLength(0);
    expect(await apply(text)).toEqual(planned);
  });

  it("takes over what Manage made with the same name, and releases (never deletes) what leaves the file", async () => {
    const made = await db.sql()<{ id: string }[]>`insert into groups (name, description) values ('family', 'by hand') returning id`;
    const changes = await apply("groups:\n  - name: Family\n    description: by file\n");
    expect(changes).toEqual([
      "manage group Family (it was made in Manage; the file decides it from now on)",
      "group Family: name (was family)",
      "group Family: description",
    ]);
    expect(await getGroup(db.sql(), made[0].id)).toMatchObject({ name: "Family", description: "by file", managed: true });
    // A description left out is kept; the built-in group's too (newcomer45).
    expect(await apply("groups:\n  - name: Family\n  - name: everyone\n")).toEqual([
      "manage group everyone (the built-in group: the file decides its permissions and requirements from now on)",
    ]);
    expect(await getGroup(db.sql(), made[0].id)).toMatchObject({ description: "by file" });
    const released = await apply("groups: []\n");
    expect(released).toContain("release group Family (no longer in the file: kept, editable in Manage again)");
    expect(await getGroup(db.sql(), made[0].id)).toMatchObject({ name: "Family", managed: false });
  });

  it("refuses, with the line, what the database can't take: a person's name for a service account, a group nobody made, a missing board", async () => {
    const person = await makeUser(db.sql());
    expect(
      await refusal(`serviceAccounts:
  - name: ${person.username}
  - name: bot-two
    groups: [nowhere]
`),
    ).toEqual([
      `file:2: serviceAccounts[1].name: "${person.username}" is a person's username here: choose another name`,
      'file:4: serviceAccounts[2].groups: there is no group "nowhere" (add it under groups, or in Manage)',
    ]);
    expect(await refusal("settings:\n  defaultBoard: no-such-board\n")).toEqual([
      'file:2: settings.defaultBoard: no board is called "no-such-board"',
    ]);
    expect(await db.sql()`select 1 from users where username = 'bot-two'`).toHaveLength(0);
  });

  it("takes each name once as Porch compares names (case, look-alikes, final sigma), with the line", async () => {
    expect(await refusal("groups:\n  - name: media\n  - name: MEDIA\n  - name: οδος\n  - name: οδοσ\n")).toEqual([
      'file:3: groups[2].name: the group "MEDIA" is the same name as item 1 ("media"): write each once',
      'file:5: groups[4].name: the group "οδοσ" is the same name as item 3 ("οδος"): write each once',
    ]);
  });

  it("never leaves Porch without a person who can sign in as administrator: not by a passkey nobody has, nor a service account's admin (attack45)", async () => {
    const root = await makeUser(db.sql(), { permissions: ["admin"] });
    await db.sql()`delete from user_permissions where permission = 'admin' and user_id <> ${root.id}`;
    await db.sql()`delete from group_permissions where permission = 'admin'`;
    await db.sql()`insert into groups (name) values ('admins') on conflict do nothing`;
    await db.sql()`insert into group_permissions (group_id, permission) select id, 'admin' from groups where name = 'admins'`;
    await db.sql()`insert into group_members (group_id, user_id) select id, ${root.id} from groups where name = 'admins' on conflict do nothing`;
    await db.sql()`delete from user_permissions where user_id = ${root.id}`;
    expect(await refusal("groups:\n  - name: admins\n    permissions: [admin]\n    requirePasskey: true\n")).toEqual([
      expect.stringMatching(/^file:2: groups\[1\] \(admins\): This would leave Porch without an active administrator who can sign in/),
    ]);
    expect(
      await refusal("serviceAccounts:\n  - name: root-bot\n    permissions: [admin]\ngroups:\n  - name: admins\n    permissions: []\n"),
    ).toEqual([
      expect.stringMatching(/^file:5: groups\[1\] \(admins\): This would leave Porch without an active administrator who can sign in/),
    ]);
    expect(await db.sql()`select require_passkey from groups where name = 'admins'`).toEqual([{ requirePasskey: false }]);
    expect(await db.sql()`select 1 from users where username = 'root-bot'`).toHaveLength(0);
  });

  it("leaves the database as it was when it can't take the file now (a board deleted meanwhile): the start goes on", async () => {
    await expect(apply("settings:\n  defaultBoard: long-gone\n")).rejects.toMatchObject({ stage: "apply" });
    await expect(apply("groups:\n  - nme: typo\n")).rejects.toMatchObject({ stage: "read" });
  });

  it("changes nothing when any part is refused: all of the file or none of it", async () => {
    const before = await db.sql()`select count(*)::int as n from groups`;
    await expect(apply("groups:\n  - name: half-written\nserviceAccounts:\n  - name: bot-three\n    groups: [missing]\n")).rejects.toThrow(
      ProvisionFileError,
    );
    expect(await db.sql()`select count(*)::int as n from groups`).toEqual(before);
  });

  it("says which file can't be read", async () => {
    await expect(provisionFromFile(db.sql(), path.join(dir, "missing.yaml"), false)).rejects.toThrow(
      /missing\.yaml: can't be read \(no such file\)/,
    );
  });
});

describe("integrations and boards", () => {
  const secretFile = path.join(dir, "sonarr-key");
  // Secrets files are read from these directories only (PORCH_PROVISION_SECRETS_DIR).
  beforeEach(() => setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), provisionSecretsDirs: [dir] }));
  const BOARDS = (key = secretFile) => `integrations:
  - name: Sonarr
    kind: json-api
    url: http://127.0.0.1:9/api
    secrets:
      apiKeyFile: ${key}
      usernameEnv: PORCH_SECRET_TEST_SONARR_USER
    access:
      groups: { everyone: use }
boards:
  - name: family
    title: Family
    public: true
    items:
      - kind: app
        title: Jellyfin
        url: https://jellyfin.home.test
        newTab: true
      - kind: note
        body: Welcome home
      - kind: widget
        integration: Sonarr
        title: Queue
        options: { field: records }
    access:
      groups: { everyone: view }
`;

  it("makes integrations with secrets read from files and variables, and boards with their items and rows; again, nothing", async () => {
    writeFileSync(secretFile, "s3cret-from-file\n");
    process.env.PORCH_SECRET_TEST_SONARR_USER = "porch";
    const changes = await apply(BOARDS());
    expect(changes).toEqual([
      `create integration Sonarr with secrets apiKey (from ${secretFile}), username (from $PORCH_SECRET_TEST_SONARR_USER)`,
      "integration Sonarr: group everyone may use",
      "create board family",
      "board family: items (3)",
      "board family: group everyone may view",
    ]);
    expect(changes.join("\n")).not.toContain("s3cret");
    const [sonarr] = await db.sql()`select id, managed from integrations where name = 'Sonarr'`;
    expect(sonarr.managed).toBe(true);
    const [family] = await db.sql()<{ id: string }[]>`select id from boards where name = 'family' and managed and is_public`;
    expect((await listItems(db.sql(), family.id)).map((i) => [i.kind, i.title ?? i.body])).toEqual([
      ["app", "Jellyfin"],
      ["note", "Welcome home"],
      ["integration", "Queue"],
    ]);
    expect(await apply(BOARDS())).toEqual([]);

    // A secret that changed where the file points: replaced, and said so without its value.
    writeFileSync(secretFile, "rotated\n");
    expect(await apply(BOARDS())).toEqual([`integration Sonarr: secret apiKey replaced (from ${secretFile})`]);
    const [row] = await db.sql()<{ sealed: Uint8Array }[]>`
      select value_encrypted as sealed from integration_secrets where integration_id = ${sonarr.id} and field = 'apiKey'`;
    expect(Buffer.from(row.sealed).toString("latin1")).not.toContain("rotated");

    // What the file keeps, nobody else changes (the pages and the API go through these models).
    await expect(patchBoard(db.sql(), admin, family.id, { title: "Mine" })).rejects.toBeInstanceOf(ManagedByFileError);
    await expect(deleteIntegration(db.sql(), admin, { id: sonarr.id, name: "Sonarr" })).rejects.toBeInstanceOf(ManagedByFileError);
    const [{ id: everyone }] = await db.sql()`select id from groups where name = 'everyone'`;
    await expect(boardRows.revokeGroup(db.sql(), admin, family.id, everyone)).rejects.toBeInstanceOf(ManagedByFileError);

    // A widget's options, as its kind names them.
    const widgets = `${BOARDS().split("boards:")[0]}boards:
  - name: widgets
    title: Widgets
    items:
      - kind: widget
        integration: Sonarr
        options: { colour: red }
`;
    expect(await refusal(widgets)).toEqual([
      expect.stringMatching(/^file:14: boards\[1\]\.items\[1\]: json-api widgets take the options field \(required\); not colour$/),
    ]);
  });

  it("refuses a secret written under secrets, a variable that isn't set, a kind or integration nobody has, with their lines", async () => {
    delete process.env.PORCH_SECRET_TEST_MISSING;
    expect(problems("integrations:\n  - name: X\n    kind: json-api\n    url: http://x.test\n    secrets:\n      username: bob\n")).toEqual(
      [
        "6: integrations[1].secrets.username: secrets take <field>File (a file's path) or <field>Env (a variable's name), never the secret itself",
      ],
    );
    expect(
      await refusal(`integrations:
  - name: Radarr
    kind: json-api
    url: http://127.0.0.1:9/
    secrets:
      apiKeyEnv: PORCH_SECRET_TEST_MISSING
  - name: Other
    kind: ftp
    url: http://127.0.0.1:9/
boards:
  - name: broken
    title: Broken
    items:
      - kind: widget
        integration: Nowhere
`),
    ).toEqual([
      "file:6: integrations[1].secrets.apiKeyEnv: the variable PORCH_SECRET_TEST_MISSING is not set",
      'file:8: integrations[2].kind: no kind "ftp": one of http-status, json-api',
    ]);
    expect(await db.sql()`select 1 from integrations where name = 'Radarr'`).toHaveLength(0);
  });
});

describe("integrations and boards, as attack46 tried them", () => {
  beforeEach(() => setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), provisionSecretsDirs: [dir] }));
  const reading = (secrets: string) =>
    refusal(`integrations:\n  - name: Leak\n    kind: json-api\n    url: http://127.0.0.1:9/\n    secrets:\n${secrets}`);

  it("never reads Porch's own settings, files outside the secrets directories, or what isn't a plain file", async () => {
    process.env.PORCH_TEST_OUTSIDE = "x";
    expect(await reading("      apiKeyEnv: DATABASE_URL\n")).toEqual([
      'file:6: integrations[1].secrets.apiKeyEnv: only variables named PORCH_SECRET_… are read (like PORCH_SECRET_SONARR_KEY); not "DATABASE_URL"',
    ]);
    expect(await reading("      apiKeyEnv: SECRET_ENCRYPTION_KEY_FILE\n")).toEqual([
      'file:6: integrations[1].secrets.apiKeyEnv: only variables named PORCH_SECRET_… are read (like PORCH_SECRET_SONARR_KEY); not "SECRET_ENCRYPTION_KEY_FILE"',
    ]);
    const outside = `only files under ${dir} are read (PORCH_PROVISION_SECRETS_DIR)`;
    expect(await reading("      apiKeyFile: /etc/hostname\n")).toEqual([`file:6: integrations[1].secrets.apiKeyFile: ${outside}`]);
    // A link inside the directory to a device, or to Porch's data: where it leads counts.
    symlinkSync("/dev/zero", path.join(dir, "zero"));
    expect(await reading(`      apiKeyFile: ${path.join(dir, "zero")}\n`)).toEqual([
      `file:6: integrations[1].secrets.apiKeyFile: ${outside}`,
    ]);
    expect(spawnSync("mkfifo", [path.join(dir, "fifo")]).status).toBe(0);
    expect(await reading(`      apiKeyFile: ${path.join(dir, "fifo")}\n`)).toEqual([
      `file:6: integrations[1].secrets.apiKeyFile: ${path.join(dir, "fifo")} isn't a plain file`,
    ]);
    // Porch's own secret files, which Docker keeps in the same /run/secrets: by name or by a hard link (attack47).
    writeFileSync(path.join(dir, "porch_key"), "ab".repeat(32));
    linkSync(path.join(dir, "porch_key"), path.join(dir, "innocent"));
    process.env.SECRET_ENCRYPTION_KEY_FILE = path.join(dir, "porch_key");
    try {
      for (const name of ["porch_key", "innocent"])
        expect(await reading(`      apiKeyFile: ${path.join(dir, name)}\n`)).toEqual([
          `file:6: integrations[1].secrets.apiKeyFile: ${path.join(dir, name)} is one of Porch's own secrets: it is never given to an integration`,
        ]);
    } finally {
      delete process.env.SECRET_ENCRYPTION_KEY_FILE;
    }
    writeFileSync(path.join(dir, "huge"), "x".repeat(70_000));
    expect(await reading(`      apiKeyFile: ${path.join(dir, "huge")}\n`)).toEqual([
      `file:6: integrations[1].secrets.apiKeyFile: ${path.join(dir, "huge")} is larger than 64 KB: a secret is one line`,
    ]);
  });

  it("shows on a kept board only integrations the file keeps, takes a board from its maker, and refuses twins", async () => {
    const alice = await makeUser(db.sql(), { permissions: ["board-create", "integration-create"] });
    await db.sql()`insert into integrations (name, kind, url, creator_id) values ('AliceW', 'http-status', 'http://127.0.0.1:9/', ${alice.id})`;
    expect(
      await refusal("boards:\n  - name: kiosk\n    title: Kiosk\n    items:\n      - { kind: widget, integration: AliceW }\n"),
    ).toEqual(['file:5: boards[1].items[1]: a board the file keeps shows only integrations it keeps: add "AliceW" under integrations']);
    await db.sql()`insert into boards (name, title, creator_id) values ('alicebrd', 'Alice', ${alice.id})`;
    expect(await apply("boards:\n  - name: alicebrd\n    title: Alice\n    access: { groups: { everyone: view } }\n")).toContain(
      `manage board alicebrd (it was made in Porch by ${alice.username}, who keeps only what the file gives; the file decides it from now on)`,
    );
    expect(await db.sql()`select creator_id from boards where name = 'alicebrd'`).toEqual([{ creatorId: null }]);
    expect(
      await refusal(
        "integrations:\n  - { name: Dup, kind: http-status, url: 'http://127.0.0.1:9/' }\n  - { name: dup, kind: http-status, url: 'http://127.0.0.1:8/' }\nboards:\n  - { name: twin, title: A }\n  - { name: twin, title: B }\n",
      ),
    ).toEqual([
      'file:3: integrations[2].name: the integration "dup" is the same name as item 1 ("Dup"): write each once',
      'file:6: boards[2].name: the board "twin" is the same name as item 1 ("twin"): write each once',
    ]);
  });
});

describe("as attack47 tried it", () => {
  beforeEach(() => setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), provisionSecretsDirs: [dir] }));

  it("won't read a provisioning file that leads to the system's or Porch's own files, and never quotes an odd text back", async () => {
    process.env.PORCH_ENVIRON_MARKER = "do-not-print-me";
    symlinkSync("/proc/self/environ", path.join(dir, "environ.yaml"));
    await expect(provisionFromFile(db.sql(), path.join(dir, "environ.yaml"), true)).rejects.toThrow(
      "isn't a provisioning file: it leads to Porch's own data or the system's",
    );
    const odd = path.join(dir, "odd.yaml");
    writeFileSync(
      odd,
      "SECRET_ENCRYPTION_KEY=abcdef0123456789abcdef: 1\ngroups:\n  - name: x\n    permissions: [do-not-print-me-either-0123456789abcdef0123456789abcdef]\n",
    );
    const said = await provisionFromFile(db.sql(), odd, true).catch((e: ProvisionFileError) => e.lines.join("\n"));
    expect(said).toContain('Unknown key "…"');
    expect(said).not.toMatch(/abcdef|do-not-print/);
  });

  it("names in a kept resource's rows only groups the file keeps; someone not there gets no row, said in the plan", async () => {
    await db.sql()`insert into groups (name) values ('loose') on conflict do nothing`;
    expect(await refusal("boards:\n  - name: rows\n    title: Rows\n    access: { groups: { loose: view } }\n")).toEqual([
      'file:4: board rows: rows here name only groups the file keeps (or everyone): add "loose" under groups',
    ]);
    expect(await apply("boards:\n  - name: rows\n    title: Rows\n    access: { users: { nobody-yet: view } }\n")).toContain(
      "note: board rows: nobody is called nobody-yet (yet): no row",
    );
    // Names compared as PostgreSQL compares them, on both sides (attack48: JavaScript's lower case of İ
    // isn't PostgreSQL's, so a kept integration was released as soon as it was made).
    const dotted =
      "integrations:\n  - { name: İmmich, kind: http-status, url: 'http://127.0.0.1:9/' }\nboards:\n  - name: photos\n    title: Photos\n    items:\n      - { kind: widget, integration: İmmich }\n";
    expect((await apply(dotted)).filter((c) => c.startsWith("release integration"))).toEqual([]);
    expect(await apply(dotted)).toEqual([]);
    expect(await db.sql()`select managed from integrations where name = 'İmmich'`).toEqual([{ managed: true }]);
  });

  it("takes over a board with its tiles placed by nobody and its items for everyone who sees it", async () => {
    const maker = await makeUser(db.sql(), { permissions: ["app-protect", "board-create"] });
    const [board] = await db.sql()<
      { id: string }[]
    >`insert into boards (name, title, creator_id) values ('ops', 'Ops', ${maker.id}) returning id`;
    const [tile] = await db.sql()<{ id: string }[]>`
      insert into board_items (board_id, position, kind, title, url, placed_by, limited)
      values (${board.id}, 1, 'app', 'Grafana', 'https://grafana.home.test', ${maker.id}, true) returning id`;
    await db.sql()`insert into board_item_users (item_id, user_id) values (${tile.id}, ${maker.id})`;
    await apply(
      "boards:\n  - name: ops\n    title: Ops\n    items:\n      - { kind: app, title: Grafana, url: 'https://grafana.home.test' }\n",
    );
    expect(await db.sql()`select placed_by, limited from board_items where board_id = ${board.id}`).toEqual([
      { placedBy: null, limited: false },
    ]);
    expect(await db.sql()`select 1 from board_item_users where item_id = ${tile.id}`).toHaveLength(0);
  });
});

describe("what the file manages", () => {
  it("is refused to the pages and the API (same models), except ending a service account's access and group members", async () => {
    await apply(FILE);
    const [media] = await db.sql()<{ id: string }[]>`select id from groups where name = 'media'`;
    const [bot] = await db.sql()<{ id: string }[]>`select id from users where username = 'backup-bot'`;
    await expect(setGroupPermissions(db.sql(), admin, media.id, ["admin"])).rejects.toBeInstanceOf(ManagedByFileError);
    await expect(updateGroup(db.sql(), admin, media.id, { name: "renamed", description: null })).rejects.toThrow(
      "The group media is managed by the provisioning file (PORCH_PROVISION_FILE): change it there, then run npm run cli -- provision",
    );
    await expect(setUserPermissions(db.sql(), admin, bot.id, ["admin"])).rejects.toBeInstanceOf(ManagedByFileError);
    await expect(deleteUser(db.sql(), admin, bot.id)).rejects.toBeInstanceOf(ManagedByFileError);
    await expect(saveBoardSettings(db.sql(), admin, { guestAccess: true, defaultBoardId: null })).rejects.toThrow(
      "The setting guestAccess",
    );
    // Nor through the group's side: its memberships are the file's (attack45).
    const [ops] = await db.sql()<{ id: string }[]>`insert into groups (name) values (${`ops_${Date.now()}`}) returning id`;
    await expect(addMember(db.sql(), admin, ops.id, "backup-bot")).rejects.toBeInstanceOf(ManagedByFileError);
    await expect(removeMember(db.sql(), admin, media.id, bot.id)).rejects.toBeInstanceOf(ManagedByFileError);
    // Ending access never waits for a file; members come and go.
    await setUserStatus(db.sql(), admin, bot.id, "inactive");
    const person = await makeUser(db.sql());
    await addMember(db.sql(), admin, media.id, person.username);
    const [{ permissions }] =
      await db.sql()`select array(select permission from group_permissions where group_id = ${media.id}) as permissions`;
    expect(permissions).toEqual(["board-create"]);
  });
});
