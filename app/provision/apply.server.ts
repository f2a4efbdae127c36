// Applies the provisioning file (issue #23 part 4, ADR 044): compares it with the database and makes
// only the differences, through the same model functions as the pages (their rules and audit rows), in
// one transaction under a lock: all of it or none, once across instances starting together. A dry run
// does the same and rolls back, so it finds what the real run would refuse. What the file names becomes
// managed (read-only in Manage); what it no longer names is released, never deleted.
import type { Sql, TransactionSql } from "~/db.server";
import { joined } from "~/db.server";
import { getConfig } from "~/config.server";
import { LastAdminError } from "~/models/admins.server";
import { recordChange } from "~/models/audit.server";
import {
  addDirectoryMapping,
  createGroup,
  EVERYONE,
  removeDirectoryMapping,
  ReservedGroupError,
  setGroupPermissions,
  setGroupRequires2fa,
  setGroupRequiresPasskey,
  updateGroup,
} from "~/models/groups.server";
import { PROVISIONER } from "~/models/managed.server";
import { sameSet, setUserGroups, setUserPermissions, updateProfile } from "~/models/manage-users.server";
import { createServiceAccount } from "~/models/service-accounts.server";
import {
  getBoardSettings,
  getUnknownAppsAllowed,
  PROVISIONED_SETTINGS_KEY,
  provisionedSettings,
  saveBoardSettings,
  saveUnknownAppsAllowed,
} from "~/models/server-settings.server";
import type { PermissionKey } from "~/permissions/definitions";
import { NOTE, provisionBoards, provisionIntegrations } from "./apply-resources.server";
import type { FileProblem } from "./read.server";
import type { Provision } from "./spec";

export class ProvisionRefusedError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "ProvisionRefusedError";
  }
}

/** Where a value was written, for a problem found against the database. */
export type LineOf = (path: Array<string | number>) => number | null;

const ROLLBACK = Symbol("dry run");
const list = (items: readonly string[]) => (items.length ? items.join(", ") : "none");

/** The changes made (or, with dryRun, that would be), one line each; throws ProvisionRefusedError. */
export async function applyProvision(
  sql: Sql,
  spec: Provision,
  options: { dryRun: boolean; lineOf?: LineOf; file?: string },
): Promise<string[]> {
  const lineOf = options.lineOf ?? (() => null);
  const changes: string[] = [];
  try {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('porch-provision'))`;
      const s = joined(tx);
      await refuseDuplicates(tx, spec, lineOf);
      await provisionGroups(tx, s, spec, changes, lineOf);
      await provisionServiceAccounts(tx, s, spec, changes, lineOf);
      await provisionIntegrations(tx, s, spec, changes, lineOf);
      await provisionBoards(tx, s, spec, changes, lineOf);
      await provisionSettings(tx, s, spec, changes, lineOf);
      if (changes.some((c) => !c.startsWith(NOTE)) && !options.dryRun)
        await recordChange(
          tx,
          PROVISIONER,
          "provision.applied",
          { type: "server", id: "provision" },
          { file: options.file ?? null, changes: changes.length },
        );
      if (options.dryRun) throw ROLLBACK;
    });
  } catch (error) {
    if (error === ROLLBACK) return changes;
    if (error instanceof LastAdminError || error instanceof ReservedGroupError)
      throw new ProvisionRefusedError([{ line: null, message: error.message }]);
    throw error;
  }
  return changes;
}

/**
 * Each name once, as Porch compares names: by porch_name_key, the database's one canonical form (ADR 014),
 * so "οδος" and "οδοσ" are the same group here too (attack45: the file's own folding disagreed).
 */
async function refuseDuplicates(tx: TransactionSql, spec: Provision, lineOf: LineOf): Promise<void> {
  const problems: FileProblem[] = [];
  for (const [key, what] of [
    ["groups", "the group"],
    ["serviceAccounts", "the service account"],
    ["integrations", "the integration"],
    ["boards", "the board"],
  ] as const) {
    const names = spec[key].map((item) => item.name);
    if (!names.length) continue;
    // People's and groups' names by porch_name_key; integrations' as their unique index compares them
    // (lower case); boards' names are lower case already (attack46: twins flipped on every run).
    const keyOf = key === "groups" || key === "serviceAccounts" ? tx`porch_name_key(n)` : tx`lower(n)`;
    const rows = await tx<{ key: string }[]>`select ${keyOf} as key from unnest(${names}::text[]) with ordinality as t(n, i) order by i`;
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const first = seen.get(row.key);
      if (first === undefined) seen.set(row.key, i);
      else
        problems.push({
          line: lineOf([key, i, "name"]),
          message: `${key}[${i + 1}].name: ${what} "${names[i]}" is the same name as item ${first + 1} ("${names[first]}"): write each once`,
        });
    });
  }
  if (problems.length) throw new ProvisionRefusedError(problems);
}

/** Runs one entry's changes; a refusal of the models (the last administrator) is said of that entry's line. */
async function entry(problemAt: { line: number | null; label: string }, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LastAdminError || error instanceof ReservedGroupError)
      throw new ProvisionRefusedError([
        {
          line: problemAt.line,
          message: `${problemAt.label}: ${error.message}${error instanceof LastAdminError ? " (entries apply in the file's order: give admin to someone else in an earlier one)" : ""}`,
        },
      ]);
    throw error;
  }
}

interface GroupNow {
  id: string;
  name: string;
  description: string | null;
  managed: boolean;
  require2fa: boolean;
  requirePasskey: boolean;
  permissions: string[];
  mappings: Array<{ provider: string; name: string }>;
}

async function provisionGroups(tx: TransactionSql, s: Sql, spec: Provision, changes: string[], lineOf: LineOf): Promise<void> {
  const problems: FileProblem[] = [];
  for (const [i, want] of spec.groups.entries()) {
    const [now] = await tx<GroupNow[]>`
      select id, name, description, managed, require_2fa, require_passkey,
             array(select permission from group_permissions where group_id = g.id) as permissions,
             coalesce((select json_agg(json_build_object('provider', m.provider, 'name', m.directory_group))
                         from group_directory_mappings m where m.group_id = g.id), '[]') as mappings
        from groups g where name_key = porch_name_key(${want.name})`;
    if (want.name.toLowerCase() === EVERYONE && want.directoryGroups.length)
      problems.push({
        line: lineOf(["groups", i, "directoryGroups"]),
        message: `groups[${i + 1}]: everyone holds every user: it takes no directory groups`,
      });
    if (problems.length) continue;
    await entry({ line: lineOf(["groups", i, "name"]), label: `groups[${i + 1}] (${want.name})` }, async () => {
      const label = `group ${want.name}`;
      let id = now?.id;
      if (!now) {
        id = await createGroup(s, PROVISIONER, { name: want.name, description: want.description || undefined });
        changes.push(`create ${label}`);
      } else {
        if (!now.managed)
          changes.push(
            now.name === EVERYONE
              ? `manage group everyone (the built-in group: the file decides its permissions and requirements from now on)`
              : `manage ${label} (it was made in Manage; the file decides it from now on)`,
          );
        // A description left out is kept (the built-in group's too).
        const description = want.description === undefined ? now.description : want.description || null;
        const renamed = now.name !== want.name && now.name !== EVERYONE;
        if (renamed || (now.description ?? null) !== description) {
          await updateGroup(s, PROVISIONER, now.id, { name: renamed ? want.name : now.name, description });
          if (renamed) changes.push(`${label}: name (was ${now.name})`);
          if ((now.description ?? null) !== description) changes.push(`${label}: description`);
        }
      }
      await tx`update groups set managed = true where id = ${id!} and not managed`;
      if (!sameSet(now?.permissions ?? [], want.permissions)) {
        await setGroupPermissions(s, PROVISIONER, id!, want.permissions as PermissionKey[]);
        changes.push(`${label}: permissions ${list(want.permissions)}`);
      }
      if ((now?.require2fa ?? false) !== want.requireTwoFactor) {
        await setGroupRequires2fa(s, PROVISIONER, id!, want.requireTwoFactor);
        changes.push(`${label}: two-factor ${want.requireTwoFactor ? "required" : "not required"}`);
      }
      if ((now?.requirePasskey ?? false) !== want.requirePasskey) {
        await setGroupRequiresPasskey(s, PROVISIONER, id!, want.requirePasskey, 0);
        changes.push(`${label}: passkey ${want.requirePasskey ? "required" : "not required"}`);
      }
      // Which mappings are there already, as sign-in compares them (porch_directory_group_matches): one
      // rule, so no name is added and removed on every run (attack48: JavaScript's lower case differs).
      const wanted = want.directoryGroups.map((m) => ({ provider: m.provider, grp: m.group }));
      const missing = await tx<{ provider: string; grp: string }[]>`
        select w.provider, w.grp from jsonb_to_recordset(${tx.json(wanted as never)}) as w(provider text, grp text)
         where not exists (select 1 from group_directory_mappings m
                            where m.group_id = ${id!} and m.provider = w.provider
                              and porch_directory_group_matches(w.provider, w.grp, m.directory_group))`;
      const extra = await tx<{ provider: string; name: string }[]>`
        select m.provider, m.directory_group as name from group_directory_mappings m
         where m.group_id = ${id!}
           and not exists (select 1 from jsonb_to_recordset(${tx.json(wanted as never)}) as w(provider text, grp text)
                            where m.provider = w.provider and porch_directory_group_matches(w.provider, w.grp, m.directory_group))`;
      for (const m of missing.map((x) => ({ provider: x.provider as (typeof want.directoryGroups)[number]["provider"], group: x.grp }))) {
        await addDirectoryMapping(s, PROVISIONER, id!, { provider: m.provider, name: m.group });
        const off = !getConfig().providers.includes(m.provider)
          ? ` (${m.provider} isn't in AUTH_PROVIDERS: nobody signs in that way yet)`
          : "";
        changes.push(`${label}: members of ${m.provider} group ${m.group} join it${off}`);
      }
      for (const h of extra) {
        await removeDirectoryMapping(s, PROVISIONER, id!, { provider: h.provider as never, name: h.name });
        changes.push(`${label}: no longer given by ${h.provider} group ${h.name}`);
      }
    });
  }
  if (problems.length) throw new ProvisionRefusedError(problems);
  const released = await tx<{ name: string }[]>`
    update groups set managed = false
     where managed and not (name_key = any(array(select porch_name_key(n) from unnest(${spec.groups.map((g) => g.name)}::text[]) n)))
    returning name`;
  for (const g of released) changes.push(`release group ${g.name} (no longer in the file: kept, editable in Manage again)`);
}

async function provisionServiceAccounts(tx: TransactionSql, s: Sql, spec: Provision, changes: string[], lineOf: LineOf): Promise<void> {
  const problems: FileProblem[] = [];
  // Groups by the database's canonical form of their names, as everywhere (ADR 014).
  const named = [...new Set(spec.serviceAccounts.flatMap((a) => a.groups))];
  const found = await tx<{ name: string; id: string }[]>`
    select n as name, g.id from unnest(${named}::text[]) n join groups g on g.name_key = porch_name_key(n) where g.name <> 'everyone'`;
  const groupId = (name: string) => found.find((g) => g.name === name)?.id;
  for (const [i, want] of spec.serviceAccounts.entries()) {
    const label = `service account ${want.name}`;
    const ids: string[] = [];
    want.groups.forEach((name, j) => {
      const id = groupId(name);
      if (id) ids.push(id);
      else
        problems.push({
          line: lineOf(["serviceAccounts", i, "groups", j]),
          message: `serviceAccounts[${i + 1}].groups: there is no group "${name}" (add it under groups, or in Manage)`,
        });
    });
    const [now] = await tx<
      Array<{
        id: string;
        username: string;
        kind: string;
        managed: boolean;
        description: string | null;
        groupIds: string[];
        permissions: string[];
      }>
    >`
      select u.id, u.username, u.kind, u.managed, u.display_name as description,
             array(select gm.group_id::text from group_members gm join groups g on g.id = gm.group_id
                    where gm.user_id = u.id and g.name <> 'everyone') as group_ids,
             array(select permission from user_permissions where user_id = u.id) as permissions
        from users u where username_key = porch_name_key(${want.name})`;
    if (now && now.kind !== "service") {
      problems.push({
        line: lineOf(["serviceAccounts", i, "name"]),
        message: `serviceAccounts[${i + 1}].name: "${want.name}" is a person's username here: choose another name`,
      });
      continue;
    }
    if (problems.length) continue;
    await entry({ line: lineOf(["serviceAccounts", i, "name"]), label: `serviceAccounts[${i + 1}] (${want.name})` }, async () => {
      let id = now?.id;
      if (!now) {
        id = await createServiceAccount(s, PROVISIONER, { name: want.name, description: want.description || null, groupIds: ids });
        changes.push(`create ${label}${ids.length ? ` in ${list(want.groups)}` : ""}`);
      } else {
        if (!now.managed) changes.push(`manage ${label} (it was made in Manage; the file decides it from now on)`);
        const description = want.description === undefined ? now.description : want.description || null;
        if ((now.description ?? null) !== description || now.username !== want.name) {
          await updateProfile(s, PROVISIONER, now.id, { username: want.name, displayName: description, email: null, avatarUrl: null });
          if (now.username !== want.name) changes.push(`${label}: name (was ${now.username})`);
          if ((now.description ?? null) !== description) changes.push(`${label}: description`);
        }
        if (!sameSet(now.groupIds, ids)) {
          await setUserGroups(s, PROVISIONER, now.id, ids);
          changes.push(`${label}: groups ${list(want.groups)}`);
        }
      }
      await tx`update users set managed = true where id = ${id!} and not managed`;
      if (!sameSet(now?.permissions ?? [], want.permissions)) {
        await setUserPermissions(s, PROVISIONER, id!, want.permissions as PermissionKey[]);
        changes.push(`${label}: permissions ${list(want.permissions)}`);
      }
    });
  }
  if (problems.length) throw new ProvisionRefusedError(problems);
  const released = await tx<{ username: string }[]>`
    update users set managed = false
     where managed and not (username_key = any(array(select porch_name_key(n) from unnest(${spec.serviceAccounts.map((a) => a.name)}::text[]) n)))
    returning username`;
  for (const a of released) changes.push(`release service account ${a.username} (no longer in the file: kept, editable in Manage again)`);
}

async function provisionSettings(tx: TransactionSql, s: Sql, spec: Provision, changes: string[], lineOf: LineOf): Promise<void> {
  const want = spec.settings;
  const boards = await getBoardSettings(tx);
  let defaultBoardId = boards.defaultBoardId;
  if (want.defaultBoard !== undefined) {
    if (want.defaultBoard === null) defaultBoardId = null;
    else {
      const found = await tx<{ id: string }[]>`select id from boards where lower(name) = lower(${want.defaultBoard})`;
      if (found.length !== 1)
        throw new ProvisionRefusedError([
          {
            line: lineOf(["settings", "defaultBoard"]),
            message: `settings.defaultBoard: ${found.length ? "several boards are" : "no board is"} called "${want.defaultBoard}"`,
          },
        ]);
      defaultBoardId = found[0].id;
    }
  }
  const guestAccess = want.guestAccess ?? boards.guestAccess;
  if (guestAccess !== boards.guestAccess || defaultBoardId !== boards.defaultBoardId) {
    await saveBoardSettings(s, PROVISIONER, { guestAccess, defaultBoardId });
    if (guestAccess !== boards.guestAccess) changes.push(`setting guestAccess: ${guestAccess}`);
    if (defaultBoardId !== boards.defaultBoardId) changes.push(`setting defaultBoard: ${want.defaultBoard ?? "none"}`);
  }
  if (want.unknownAppsAllowed !== undefined && want.unknownAppsAllowed !== (await getUnknownAppsAllowed(tx))) {
    await saveUnknownAppsAllowed(s, PROVISIONER, want.unknownAppsAllowed);
    changes.push(`setting unknownAppsAllowed: ${want.unknownAppsAllowed}`);
  }
  const keys = Object.keys(want)
    .filter((k) => want[k as keyof typeof want] !== undefined)
    .sort();
  const before = { keys: await provisionedSettings(tx) };
  // The settings the file names are its; the others stay Manage → Settings'.
  if (!sameSet(before.keys, keys)) {
    await tx`
      insert into server_settings (key, value) values (${PROVISIONED_SETTINGS_KEY}, ${JSON.stringify(keys)}::text::jsonb)
      on conflict (key) do update set value = excluded.value, updated_at = now()`;
    for (const k of keys.filter((k) => !before.keys.includes(k))) changes.push(`manage setting ${k}`);
    for (const k of before.keys.filter((k) => !keys.includes(k)))
      changes.push(`release setting ${k} (editable in Manage → Settings again)`);
  }
}
