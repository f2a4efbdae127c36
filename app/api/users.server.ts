import type { UserDetail } from "~/models/manage-users.server";
import { closePermissions, PERMISSION_KEYS } from "~/permissions/definitions";

/** A user as the API shows it: never a password hash. */
export function userJson(u: UserDetail) {
  const effective = closePermissions([...u.directPermissions, ...Object.keys(u.groupPermissions)]);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    avatarUrl: u.avatarUrl,
    provider: u.provider,
    kind: u.kind,
    status: u.status,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
    groupIds: u.groupIds,
    permissions: u.directPermissions,
    effectivePermissions: PERMISSION_KEYS.filter((k) => effective.has(k)),
  };
}
