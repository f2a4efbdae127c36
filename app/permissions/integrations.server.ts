// The integration rules applied in PostgreSQL: the list a person may use, and the facts one check needs.
import type { Db } from "~/db.server";
import { isUuid } from "~/models/manage-users.server";
import { INTEGRATION_ACCESS, integrationLevelOf, type IntegrationFacts, type IntegrationLevel } from "./integrations";
import type { Subject } from "./resource-rules";
import { factColumns, INTEGRATION_TABLES, visibleResources } from "./resource-sql.server";

export interface IntegrationRecord extends IntegrationFacts {
  id: string;
  name: string;
  kind: string;
  url: string;
  lastCheckedAt: Date | null;
  lastCheck: { ok: boolean; status: number | null; ms: number; message: string } | null;
  /** Kept by the provisioning file (ADR 044). */
  managed: boolean;
}

export interface VisibleIntegration {
  id: string;
  name: string;
  kind: string;
  url: string;
  rank: number;
}

/** One page of the integrations the subject may use, by name; `total` counts them all. */
export async function listVisibleIntegrations(
  db: Db,
  subject: Subject,
  options: { limit: number; offset?: number; after?: string },
): Promise<{ integrations: VisibleIntegration[]; total: number }> {
  const rows = await db<Array<VisibleIntegration & { total: number }>>`
    select i.id, i.name, i.kind, i.url, v.rank::int as rank, count(*) over ()::int as total
      from (${visibleResources(db, INTEGRATION_ACCESS, INTEGRATION_TABLES, subject)}) v join integrations i on i.id = v.id
     where (${options.after ?? null}::text is null or lower(i.name) > lower(${options.after ?? null}::text))
     order by lower(i.name)
     limit ${options.limit} offset ${options.offset ?? 0}`;
  return { integrations: rows.map(({ total: _, ...i }) => i), total: rows[0]?.total ?? 0 };
}

/** Integrations by id with the facts that matter to `userId` (null: nobody's rows). */
export async function loadIntegrationFacts(db: Db, ids: string[], userId: string | null): Promise<IntegrationRecord[]> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return [];
  return db<IntegrationRecord[]>`
    select r.id, r.name, r.kind, r.url, r.last_checked_at as "lastCheckedAt", r.last_check as "lastCheck", r.managed,
           ${factColumns(db, INTEGRATION_TABLES, userId)}
      from integrations r where r.id = any(${valid}::uuid[])`;
}

/** The level on each of `ids` for the subject (absent: none). Guests never have any. */
export async function integrationLevels(
  db: Db,
  subject: Subject,
  ids: string[],
): Promise<Map<string, { record: IntegrationRecord; level: IntegrationLevel }>> {
  const out = new Map<string, { record: IntegrationRecord; level: IntegrationLevel }>();
  if (!subject.signedIn) return out;
  for (const record of await loadIntegrationFacts(db, ids, subject.userId)) {
    const level = integrationLevelOf(subject, record).level;
    if (level) out.set(record.id, { record, level });
  }
  return out;
}
