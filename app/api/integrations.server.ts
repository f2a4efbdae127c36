import { kindOf } from "~/integrations/registry.server";
import type { IntegrationRecord } from "~/permissions/integrations.server";

/** An integration as the API shows it: secrets only as "set since" timestamps, never values. */
export function integrationJson(i: IntegrationRecord, level: string, secretsSet: Record<string, string>) {
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    kindLabel: kindOf(i.kind)?.label ?? i.kind,
    url: i.url,
    access: level,
    secrets: Object.fromEntries(
      (kindOf(i.kind)?.secrets ?? []).map((s) => [
        s.field,
        secretsSet[s.field] ? { set: true, updatedAt: secretsSet[s.field] } : { set: false },
      ]),
    ),
    lastCheckedAt: i.lastCheckedAt,
    lastCheck: i.lastCheck,
  };
}
