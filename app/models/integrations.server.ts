import { decrypt, encrypt } from "~/auth/encryption.server";
import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";
import { isUniqueViolation } from "./manage-users.server";
import { refuseManagedResource } from "./managed.server";

export class IntegrationNameTakenError extends Error {
  constructor() {
    super("An integration with that name exists already");
    this.name = "IntegrationNameTakenError";
  }
}

export interface IntegrationInput {
  name: string;
  url: string;
  /** Field → new value; null clears it; absent leaves it as it is. */
  secrets: Record<string, string | null>;
}

const taken = (error: unknown) => isUniqueViolation(error, "integrations_name_lower_key");
const text = new TextEncoder();
const untext = new TextDecoder();

/** Writes secrets encrypted, bound to `url` (integration_secrets.url); the audit row names the fields, never a value. */
async function writeSecrets(tx: Db, id: string, url: string, secrets: Record<string, string | null>): Promise<string[]> {
  const changed: string[] = [];
  for (const [field, value] of Object.entries(secrets)) {
    if (value === null) {
      const gone = await tx`delete from integration_secrets where integration_id = ${id} and field = ${field}`;
      if (gone.count) changed.push(field);
    } else {
      await tx`
        insert into integration_secrets (integration_id, field, value_encrypted, url) values (${id}, ${field}, ${encrypt(text.encode(value))}, ${url})
        on conflict (integration_id, field) do update set value_encrypted = excluded.value_encrypted, url = excluded.url, updated_at = now()`;
      changed.push(field);
    }
  }
  return changed;
}

export async function createIntegration(sql: Sql, actor: AuditActor, kind: string, input: IntegrationInput): Promise<string> {
  try {
    return await sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into integrations (name, kind, url, creator_id) values (${input.name}, ${kind}, ${input.url}, ${actor.userId})
        returning id`;
      const secrets = await writeSecrets(tx, row.id, input.url, input.secrets);
      await recordChange(
        tx,
        actor,
        "integration.created",
        { type: "integration", id: row.id },
        { name: input.name, kind, url: input.url, secretsSet: secrets },
      );
      return row.id;
    });
  } catch (error) {
    if (taken(error)) throw new IntegrationNameTakenError();
    throw error;
  }
}

/**
 * Name, URL and secrets in one transaction. A secret belongs to the URL it was entered for: when the
 * URL changes at all (another host, or another path or query on the same one: attack11), every secret
 * not typed again in this same change is dropped (and
 * the answer says which), so a stored key can never be sent to a host its owner didn't enter it for.
 */
export async function updateIntegration(
  sql: Sql,
  actor: AuditActor,
  id: string,
  input: IntegrationInput,
): Promise<{ secretsCleared: string[] }> {
  try {
    return await sql.begin(async (tx) => {
      const [before] = await tx<{ name: string; url: string }[]>`select name, url from integrations where id = ${id} for update`;
      if (!before) return { secretsCleared: [] };
      await refuseManagedResource(tx, actor, "integrations", id);
      await tx`update integrations set name = ${input.name}, url = ${input.url}, updated_at = now() where id = ${id}`;
      const secrets = await writeSecrets(tx, id, input.url, input.secrets);
      const dropped = await tx<{ field: string }[]>`
        delete from integration_secrets where integration_id = ${id} and url <> ${input.url} returning field`;
      const secretsCleared = dropped.map((d) => d.field).sort();
      const changes: Record<string, unknown> = {};
      if (before.name !== input.name) changes.name = { from: before.name, to: input.name };
      if (before.url !== input.url) changes.url = { from: before.url, to: input.url };
      if (Object.keys(changes).length) await recordChange(tx, actor, "integration.updated", { type: "integration", id }, changes);
      if (secrets.length) await recordChange(tx, actor, "integration.secret-replaced", { type: "integration", id }, { fields: secrets });
      if (secretsCleared.length) {
        await recordChange(
          tx,
          actor,
          "integration.secrets-cleared",
          { type: "integration", id },
          { fields: secretsCleared, reason: "the URL changed" },
        );
      }
      return { secretsCleared };
    });
  } catch (error) {
    if (taken(error)) throw new IntegrationNameTakenError();
    throw error;
  }
}

/** Deleting an integration removes its widgets from every board (the foreign key cascades). */
export async function deleteIntegration(sql: Sql, actor: AuditActor, integration: { id: string; name: string }): Promise<number> {
  return sql.begin(async (tx) => {
    await refuseManagedResource(tx, actor, "integrations", integration.id);
    const [{ widgets }] = await tx<
      { widgets: number }[]
    >`select count(*)::int as widgets from board_items where integration_id = ${integration.id}`;
    await tx`delete from integrations where id = ${integration.id}`;
    await recordChange(
      tx,
      actor,
      "integration.deleted",
      { type: "integration", id: integration.id },
      { name: integration.name, widgetsRemoved: widgets },
    );
    return widgets;
  }) as Promise<number>;
}

/** Which secret fields are set for the integration's current URL: all a browser ever learns about them. */
export async function secretStatus(db: Db, integration: { id: string; url: string }): Promise<Record<string, string>> {
  const rows = await db<{ field: string; updatedAt: Date }[]>`
    select field, updated_at from integration_secrets
     where integration_id = ${integration.id} and url = ${integration.url}`;
  return Object.fromEntries(rows.map((r) => [r.field, r.updatedAt.toISOString()]));
}

/**
 * The decrypted secrets, for the server's own requests to each integration's URL: only those bound to
 * exactly that URL, whoever changed the URL and however. A wrong key throws.
 */
export async function loadSecrets(
  db: Db,
  integrations: ReadonlyArray<{ id: string; url: string }>,
): Promise<Map<string, Record<string, string>>> {
  const urlById = new Map(integrations.map((i) => [i.id, i.url]));
  const rows = await db<{ integrationId: string; field: string; value: Uint8Array; url: string }[]>`
    select integration_id, field, value_encrypted as value, url from integration_secrets
     where integration_id = any(${[...urlById.keys()]}::uuid[])`;
  const out = new Map<string, Record<string, string>>();
  for (const r of rows) {
    if (r.url !== urlById.get(r.integrationId)) continue;
    const secrets = out.get(r.integrationId) ?? {};
    secrets[r.field] = untext.decode(decrypt(r.value));
    out.set(r.integrationId, secrets);
  }
  return out;
}

/** Stores what "Re-check now" found (an interact action). */
export async function recordCheck(
  sql: Sql,
  actor: AuditActor,
  id: string,
  result: { ok: boolean; status: number | null; ms: number; message: string },
) {
  await sql.begin(async (tx) => {
    await tx`update integrations set last_checked_at = now(), last_check = ${tx.json(result)} where id = ${id}`;
    await recordChange(tx, actor, "integration.checked", { type: "integration", id }, result);
  });
}
