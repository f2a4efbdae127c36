// Integrations and boards from the provisioning file (ADR 044): the same differences-only rule as groups,
// through the same models (their checks and audit rows). Secrets are read from the files or variables
// the file names when it is applied, compared with what is stored, and never written to a line of output.
import { realpathSync } from "node:fs";
import path from "node:path";
import { getConfig } from "~/config.server";
import { isPorchsOwn, readPlainFile, under } from "./own-secrets.server";
import { quotable } from "./spec";
import { decrypt } from "~/auth/encryption.server";
import type { Sql, TransactionSql } from "~/db.server";
import { kindOf, KIND_IDS } from "~/integrations/registry.server";
import { boardRows } from "~/models/board-rows.server";
import { createBoard, listItems, patchBoard, type PlacedItem } from "~/models/boards.server";
import { integrationRows } from "~/models/integration-rows.server";
import { createIntegration, updateIntegration } from "~/models/integrations.server";
import { PROVISIONER } from "~/models/managed.server";
import type { Asker } from "~/models/resource-rows.server";
import { BOARD_TABLES, INTEGRATION_TABLES, type ResourceTables } from "~/permissions/resource-sql.server";
import type { FileProblem } from "./read.server";
import type { Provision } from "./spec";
import { ProvisionRefusedError, type LineOf } from "./apply.server";

const ASKER: Asker = { userId: null, admin: true };
const SENDABLE = /^[^\x00-\x1f\x7f]*$/;

type Access = { groups: Record<string, string>; users: Record<string, string> };
type Rows = typeof boardRows | typeof integrationRows;

/** The rows the file gives, against the ones there are: granted, changed, revoked. Names must exist. */
async function provisionAccess(
  tx: TransactionSql,
  s: Sql,
  rows: Rows,
  table: ResourceTables,
  id: string,
  access: Access,
  where: { label: string; path: Array<string | number> },
  changes: string[],
  lineOf: LineOf,
  problems: FileProblem[],
  kept: readonly string[],
): Promise<void> {
  const groupNames = Object.keys(access.groups);
  const userNames = Object.keys(access.users);
  const groups = await tx<{ name: string; id: string }[]>`
    select n as name, g.id from unnest(${groupNames}::text[]) n join groups g on g.name_key = porch_name_key(n)`;
  const users = await tx<{ name: string; id: string }[]>`
    select n as name, u.id from unnest(${userNames}::text[]) n join users u on u.username_key = porch_name_key(n)`;
  // Only groups the file keeps (or everyone): one anybody may delete would change the rows without the
  // file, then keep it from applying (attack47).
  // Kept, or everyone, by the database's canonical form of names (ADR 014), as everywhere.
  const allowed = await tx<{ name: string }[]>`
    select n as name from unnest(${groupNames}::text[]) n
     where porch_name_key(n) = 'everyone' or porch_name_key(n) = any(array(select porch_name_key(k) from unnest(${[...kept]}::text[]) k))`;
  for (const name of groupNames.filter((n) => !allowed.some((a) => a.name === n)))
    problems.push({
      line: lineOf([...where.path, "access", "groups", name]),
      message: `${where.label}: rows here name only groups the file keeps (or everyone): add "${name}" under groups`,
    });
  if (problems.length) return;
  // People come and go: one not there (yet, or any more) gets no row, and the plan says so.
  for (const name of userNames.filter((n) => !users.some((u) => u.name === n)))
    changes.push(`${NOTE}${where.label}: nobody is called ${name} (yet): no row`);
  const hadGroups = await tx<{ id: string; name: string; level: string }[]>`
    select g.id, g.name, p.level from ${tx(table.groupRows)} p join groups g on g.id = p.group_id where p.${tx(table.fk)} = ${id}`;
  const hadUsers = await tx<{ id: string; name: string; level: string }[]>`
    select u.id, u.username as name, p.level from ${tx(table.userRows)} p join users u on u.id = p.user_id where p.${tx(table.fk)} = ${id}`;
  for (const g of groups) {
    const level = access.groups[g.name];
    if (hadGroups.find((h) => h.id === g.id)?.level === level) continue;
    await rows.grantGroup(s, PROVISIONER, id, g.id, level as never, ASKER);
    changes.push(`${where.label}: group ${g.name} may ${level}`);
  }
  for (const h of hadGroups.filter((h) => !groups.some((g) => g.id === h.id))) {
    await rows.revokeGroup(s, PROVISIONER, id, h.id);
    changes.push(`${where.label}: group ${h.name} no longer has a row`);
  }
  for (const u of users) {
    const level = access.users[u.name];
    if (hadUsers.find((h) => h.id === u.id)?.level === level) continue;
    await rows.grantUser(s, PROVISIONER, id, u.name, level as never, ASKER);
    changes.push(`${where.label}: ${u.name} may ${level}`);
  }
  for (const h of hadUsers.filter((h) => !users.some((u) => u.id === h.id))) {
    await rows.revokeUser(s, PROVISIONER, id, h.id);
    changes.push(`${where.label}: ${h.name} no longer has a row`);
  }
}

/** The most a secret's file may hold: a secret is a line, not a disk (attack46: /dev/zero). */
const SECRET_FILE_BYTES = 64 * 1024;

/**
 * A secret's value from where the file says: a regular file under PORCH_PROVISION_SECRETS_DIR (its last
 * line break dropped), or a variable that isn't one of Porch's own. A file meant for git must not be able
 * to send Porch's own key, database password or data directory to an address it names (attack46).
 */
function secretFrom(key: string, source: string): { value: string; from: string } | { problem: string } {
  if (key.endsWith("Env")) {
    // Only variables named for this: never Porch's own settings, a key being rotated in, or a cloud's
    // token that happens to be in the process (attack47).
    if (!/^PORCH_SECRET_[A-Z0-9_]+$/.test(source))
      return { problem: `only variables named PORCH_SECRET_… are read (like PORCH_SECRET_SONARR_KEY); not "${quotable(source)}"` };
    const value = process.env[source];
    return value === undefined || value === "" ? { problem: `the variable ${source} is not set` } : { value, from: `$${source}` };
  }
  const dirs = getConfig().provisionSecretsDirs;
  const within = (file: string) => dirs.some((dir) => under(file, dir));
  const outside = `only files under ${dirs.join(", ") || "(none)"} are read (PORCH_PROVISION_SECRETS_DIR)`;
  let real: string;
  try {
    real = realpathSync(source);
  } catch {
    return { problem: within(path.resolve(source)) ? `${source} can't be read` : outside };
  }
  if (!within(real)) return { problem: outside };
  const own = `${source} is one of Porch's own secrets: it is never given to an integration`;
  if (isPorchsOwn(real)) return { problem: own };
  const file = readPlainFile(real, SECRET_FILE_BYTES);
  if ("text" in file) return { value: file.text.replace(/\r?\n$/, ""), from: source };
  return {
    problem: {
      "not-plain": `${source} isn't a plain file`,
      own,
      "too-large": `${source} is larger than ${SECRET_FILE_BYTES / 1024} KB: a secret is one line`,
      unreadable: `${source} can't be read`,
    }[file.refused],
  };
}

/** A plan line that changes nothing: said, but the run is still "nothing to change" (attack48). */
export const NOTE = "note: ";

/** The groups the file keeps, by name. */
const keptGroups = (spec: Provision) => spec.groups.map((g) => g.name);

/**
 * The file takes over what someone made in Porch: its maker's implicit full access ends, so what the
 * file gives is all anyone has (attack46). Returns the plan's line.
 */
async function takeOver(tx: TransactionSql, table: "boards" | "integrations", id: string, label: string): Promise<string> {
  const [{ creator }] = await tx<{ creator: string | null }[]>`
    update ${tx(table)} t set creator_id = null from (select creator_id from ${tx(table)} where id = ${id}) old
     where t.id = ${id} returning (select username from users where id = old.creator_id) as creator`;
  if (table === "boards") {
    // Its tiles are placed by nobody (they open no protected app by themselves) and its items are for
    // everyone who sees the board: as the file writes them (attack47: old placers and audiences survived).
    await tx`update board_items set placed_by = null, limited = false where board_id = ${id}`;
    await tx`delete from board_item_users where item_id in (select id from board_items where board_id = ${id})`;
    await tx`delete from board_item_groups where item_id in (select id from board_items where board_id = ${id})`;
  }
  return `manage ${label} (it was made in Porch${creator ? ` by ${creator}, who keeps only what the file gives` : ""}; the file decides it from now on)`;
}

export async function provisionIntegrations(tx: TransactionSql, s: Sql, spec: Provision, changes: string[], lineOf: LineOf): Promise<void> {
  const problems: FileProblem[] = [];
  for (const [i, want] of spec.integrations.entries()) {
    const label = `integration ${want.name}`;
    const at = (...path: Array<string | number>) => lineOf(["integrations", i, ...path]);
    const kind = kindOf(want.kind);
    if (!kind) {
      problems.push({
        line: at("kind"),
        message: `integrations[${i + 1}].kind: no kind "${quotable(want.kind)}": one of ${KIND_IDS.join(", ")}`,
      });
      continue;
    }
    const secrets: Record<string, string> = {};
    // Where each came from, for the plan: a reviewer sees what is read, never what it holds.
    const sources: Record<string, string> = {};
    const said = (fields: string[]) => fields.map((f) => `${f} (from ${sources[f]})`).join(", ");
    for (const [key, source] of Object.entries(want.secrets)) {
      const field = key.replace(/(File|Env)$/, "");
      if (!kind.secrets.some((f) => f.field === field)) {
        problems.push({
          line: at("secrets", key),
          message: `integrations[${i + 1}].secrets: ${kind.id} has no secret "${field}" (it has ${kind.secrets.map((f) => f.field).join(", ") || "none"})`,
        });
        continue;
      }
      const read = secretFrom(key, source);
      if ("problem" in read) problems.push({ line: at("secrets", key), message: `integrations[${i + 1}].secrets.${key}: ${read.problem}` });
      else if (!SENDABLE.test(read.value) || read.value.length > 2000)
        problems.push({
          line: at("secrets", key),
          message: `integrations[${i + 1}].secrets.${key}: the secret holds a line break or another control character (or is over 2000 characters)`,
        });
      else {
        secrets[field] = read.value;
        sources[field] = read.from;
      }
    }
    const [now] = await tx<{ id: string; name: string; kind: string; url: string; managed: boolean }[]>`
      select id, name, kind, url, managed from integrations where lower(name) = lower(${want.name})`;
    if (now && now.kind !== kind.id)
      problems.push({
        line: at("kind"),
        message: `integrations[${i + 1}].kind: ${now.name} is a ${now.kind} integration here; a kind can't change (give it another name)`,
      });
    if (problems.length) continue;
    let id = now?.id;
    if (!now) {
      id = await createIntegration(s, PROVISIONER, kind.id, { name: want.name, url: want.url, secrets });
      changes.push(`create ${label}${Object.keys(secrets).length ? ` with secrets ${said(Object.keys(secrets).sort())}` : ""}`);
    } else {
      if (!now.managed) changes.push(await takeOver(tx, "integrations", now.id, label));
      const stored = await tx<{ field: string; sealed: Uint8Array; url: string }[]>`
        select field, value_encrypted as sealed, url from integration_secrets where integration_id = ${now.id}`;
      const urlChanges = now.url !== want.url || now.name !== want.name;
      const write: Record<string, string | null> = {};
      for (const [field, value] of Object.entries(secrets)) {
        const had = stored.find((r) => r.field === field);
        // A new URL drops every secret not given again with it (ADR 017): the file gives them all again.
        if (now.url !== want.url || !had || new TextDecoder().decode(decrypt(had.sealed)) !== value) write[field] = value;
      }
      for (const r of stored.filter((r) => !(r.field in secrets))) write[r.field] = null;
      if (urlChanges || Object.keys(write).length) {
        await updateIntegration(s, PROVISIONER, now.id, { name: want.name, url: want.url, secrets: write });
        if (urlChanges) changes.push(`${label}: name and address`);
        for (const field of Object.keys(write).sort())
          changes.push(`${label}: secret ${field} ${write[field] === null ? "cleared" : `replaced (from ${sources[field]})`}`);
      }
    }
    await tx`update integrations set managed = true where id = ${id!} and not managed`;
    await provisionAccess(
      tx,
      s,
      integrationRows,
      INTEGRATION_TABLES,
      id!,
      want.access as Access,
      { label, path: ["integrations", i] },
      changes,
      lineOf,
      problems,
      keptGroups(spec),
    );
  }
  if (problems.length) throw new ProvisionRefusedError(problems);
  const released = await tx<{ name: string }[]>`
    update integrations set managed = false
     where managed and not (lower(name) = any(array(select lower(n) from unnest(${spec.integrations.map((x) => x.name)}::text[]) n)))
    returning name`;
  for (const r of released) changes.push(`release integration ${r.name} (no longer in the file: kept, editable in Manage again)`);
}

/** What an item is, for comparing the board's list with the file's. */
const shapeOf = (item: {
  kind: string;
  title?: string | null;
  url?: string | null;
  iconUrl?: string | null;
  newTab?: boolean;
  body?: string | null;
  integrationId?: string | null;
  options?: Record<string, string>;
}) =>
  JSON.stringify(
    item.kind === "app"
      ? ["app", item.title, item.url, item.iconUrl ?? null, item.newTab ?? false]
      : item.kind === "note"
        ? ["note", item.body]
        : ["integration", item.integrationId, item.title ?? null, Object.entries(item.options ?? {}).sort()],
  );

export async function provisionBoards(tx: TransactionSql, s: Sql, spec: Provision, changes: string[], lineOf: LineOf): Promise<void> {
  const problems: FileProblem[] = [];
  for (const [i, want] of spec.boards.entries()) {
    const label = `board ${want.name}`;
    const items: PlacedItem[] = [];
    for (const [j, item] of want.items.entries()) {
      if (item.kind === "app")
        items.push({ kind: "app", title: item.title, url: item.url, iconUrl: item.iconUrl, newTab: item.newTab, audience: null });
      else if (item.kind === "note") items.push({ kind: "note", body: item.body, audience: null });
      else {
        const [integration] = await tx<{ id: string; kind: string }[]>`
          select id, kind from integrations where lower(name) = lower(${item.integration})`;
        // The widget's options, as its kind names them (the page's form asks for the same ones).
        const options = kindOf(integration?.kind ?? "")?.options ?? [];
        const wrong = Object.keys(item.options).filter((o) => !options.some((k) => k.name === o));
        const missing = options.filter((o) => o.required && !item.options[o.name]?.trim());
        // Only an integration this file keeps: one anybody else may rename or delete would change the
        // board without the file, or keep it from applying (attack46).
        // As the integrations' unique index compares names: PostgreSQL's lower(), never JavaScript's (attack48: İ).
        const [{ kept }] = await tx<{ kept: boolean }[]>`
          select lower(${item.integration}) = any(array(select lower(n) from unnest(${spec.integrations.map((x) => x.name)}::text[]) n)) as kept`;
        if (!integration || !kept)
          problems.push({
            line: lineOf(["boards", i, "items", j, "integration"]),
            message: `boards[${i + 1}].items[${j + 1}]: a board the file keeps shows only integrations it keeps: add "${item.integration}" under integrations`,
          });
        else if (wrong.length || missing.length)
          problems.push({
            line: lineOf(["boards", i, "items", j]),
            message: `boards[${i + 1}].items[${j + 1}]: ${integration.kind} widgets take the options ${options.map((o) => `${o.name}${o.required ? " (required)" : ""}`).join(", ") || "none"}${wrong.length ? `; not ${wrong.join(", ")}` : ""}`,
          });
        else
          items.push({
            kind: "integration",
            integrationId: integration.id,
            title: item.title,
            options: item.options,
            audience: null,
          });
      }
    }
    if (problems.length) continue;
    const [now] = await tx<{ id: string; title: string; isPublic: boolean; managed: boolean }[]>`
      select id, title, is_public, managed from boards where name = ${want.name}`;
    let id = now?.id;
    if (!now) {
      id = await createBoard(s, PROVISIONER, { name: want.name, title: want.title, isPublic: want.public });
      changes.push(`create ${label}`);
    } else {
      if (!now.managed) changes.push(await takeOver(tx, "boards", now.id, label));
      if (now.title !== want.title || now.isPublic !== want.public) {
        await patchBoard(s, PROVISIONER, now.id, { title: want.title, isPublic: want.public });
        changes.push(`${label}: title and who may see it`);
      }
    }
    const had = now ? await listItems(tx, now.id) : [];
    if (JSON.stringify(had.map(shapeOf)) !== JSON.stringify(items.map(shapeOf))) {
      await patchBoard(s, PROVISIONER, id!, {}, items);
      changes.push(`${label}: items (${items.length})`);
    }
    await tx`update boards set managed = true where id = ${id!} and not managed`;
    await provisionAccess(
      tx,
      s,
      boardRows,
      BOARD_TABLES,
      id!,
      want.access as Access,
      { label, path: ["boards", i] },
      changes,
      lineOf,
      problems,
      keptGroups(spec),
    );
  }
  if (problems.length) throw new ProvisionRefusedError(problems);
  const released = await tx<{ name: string }[]>`
    update boards set managed = false where managed and not (name = any(${spec.boards.map((b) => b.name)}::text[])) returning name`;
  for (const r of released) changes.push(`release board ${r.name} (no longer in the file: kept, editable in Manage again)`);
}
