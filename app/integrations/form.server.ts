import type { IntegrationKind } from "./kind";

/** The kind's secrets from a form: a new value replaces, "clear" removes, blank leaves as is. Other fields are ignored. */
export function secretsFromForm(
  kind: IntegrationKind,
  value: { secret?: Record<string, string | undefined>; clear?: Record<string, string | undefined> },
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const { field } of kind.secrets) {
    if (value.clear?.[field] === "on") out[field] = null;
    else if (value.secret?.[field]) out[field] = value.secret[field]!;
  }
  return out;
}

/** The kind's secrets from JSON: unknown fields are refused by name. */
export function secretsFromJson(
  kind: IntegrationKind,
  secrets: Record<string, string | null>,
): { secrets: Record<string, string | null>; unknown: string[] } {
  const known = new Set(kind.secrets.map((s) => s.field));
  return {
    secrets: Object.fromEntries(Object.entries(secrets).filter(([k]) => known.has(k))),
    unknown: Object.keys(secrets).filter((k) => !known.has(k)),
  };
}
