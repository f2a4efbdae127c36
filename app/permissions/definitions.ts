// The global permission keys and what each one implies. Shared by server and UI code.

export const PERMISSION_KEYS = [
  "admin",
  "board-create",
  "board-view-all",
  "board-modify-all",
  "board-full-all",
  "integration-create",
  "integration-use-all",
  "integration-interact-all",
  "integration-full-all",
  "other-view-logs",
  "app-protect",
] as const;

export type PermissionKey = (typeof PERMISSION_KEYS)[number];

/** Direct implications: holding the key grants the listed keys (and, transitively, theirs). */
export const IMPLIES: Readonly<Record<PermissionKey, readonly PermissionKey[]>> = {
  admin: ["board-full-all", "integration-full-all", "other-view-logs", "app-protect"],
  "board-full-all": ["board-modify-all", "board-create"],
  "board-modify-all": ["board-view-all"],
  "board-view-all": [],
  "board-create": [],
  "integration-full-all": ["integration-interact-all", "integration-create"],
  "integration-interact-all": ["integration-use-all"],
  "integration-use-all": [],
  "integration-create": [],
  "other-view-logs": [],
  // Protect apps behind the reverse proxy, manage who may open them, and open every one (ADR 033).
  "app-protect": [],
};

export function isPermissionKey(value: unknown): value is PermissionKey {
  return typeof value === "string" && (PERMISSION_KEYS as readonly string[]).includes(value);
}

/**
 * The hierarchy closure of the given keys: every key they grant, directly or not.
 * Unknown keys (say, left in the database by a newer version) are dropped.
 */
export function closePermissions(keys: Iterable<string>): Set<PermissionKey> {
  const out = new Set<PermissionKey>();
  const stack = [...keys].filter(isPermissionKey);
  while (stack.length) {
    const key = stack.pop()!;
    if (out.has(key)) continue;
    out.add(key);
    stack.push(...IMPLIES[key]);
  }
  return out;
}

/** Every key with the keys that imply it: what the permission checklist shows, computed by the loader. */
export function permissionChoices(): PermissionChoice[] {
  return PERMISSION_KEYS.map((key) => ({ key, impliedBy: impliedBy(key) }));
}

export interface PermissionChoice {
  key: PermissionKey;
  impliedBy: PermissionKey[];
}

/** The keys a key grants besides itself, for "implied by …" hints in the UI. */
export function impliedBy(key: PermissionKey): PermissionKey[] {
  return PERMISSION_KEYS.filter((k) => k !== key && closePermissions([k]).has(key));
}
