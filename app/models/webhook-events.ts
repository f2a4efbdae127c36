// What an administrator can subscribe a webhook to (issue #23 part 3, ADR 043): a few kinds of event,
// each made of the audit actions that mean it. One place: the audit write queues by it, the form lists it.
// Shared with the page (no server imports).

export const WEBHOOK_EVENTS = {
  "account.locked": { label: "An account was locked after failed sign-ins", actions: ["auth.lockout"] },
  "admin.granted": { label: "Someone became an administrator", actions: [] },
  "admin.revoked": { label: "Someone stopped being an administrator", actions: [] },
  "permissions.changed": {
    label: "Permissions, group members, or access to boards, integrations and apps changed",
    actions: [
      "group.permissions-changed",
      "group.member-added",
      "group.member-removed",
      "group.two-factor-requirement-changed",
      "group.passkey-requirement-changed",
      "group.directory-mapping-added",
      "group.directory-mapping-removed",
      "user.groups-changed",
      "user.groups-synced",
      "user.permissions-changed",
      "board.access.granted",
      "board.access.changed",
      "board.access.revoked",
      "integration.access.granted",
      "integration.access.changed",
      "integration.access.revoked",
      "app.access.granted",
      "app.access.changed",
      "app.access.revoked",
    ],
  },
  "api-key.created": { label: "An API key was made", actions: ["api-key.created"] },
  "directory.deactivated": {
    label: "The directory sync deactivated someone, or refused or failed to run",
    actions: ["user.directory-departed", "directory.sync.refused", "directory.sync.failed"],
  },
  "account.changed": {
    label: "An account was created, deleted, deactivated or reactivated",
    actions: [
      "user.created",
      "user.deleted",
      "user.status-changed",
      "service-account.created",
      "invite.accepted",
      "onboarding.completed",
      "user.admin-recreated-by-cli",
    ],
  },
} as const satisfies Record<string, { label: string; actions: readonly string[] }>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** What the test button sends: never subscribed to, never queued by an audit row. */
export const TEST_EVENT = "porch.test";

const BY_ACTION = new Map<string, WebhookEventType>(
  WEBHOOK_EVENT_TYPES.flatMap((type) => WEBHOOK_EVENTS[type].actions.map((action) => [action, type] as const)),
);

/** The kind of webhook event an audit action is, if any. */
export function webhookTypeOf(action: string): WebhookEventType | null {
  return BY_ACTION.get(action) ?? null;
}

/**
 * Whether an audit action may have changed who is an administrator: then the set is compared with the one
 * last seen (admin.granted / admin.revoked). Every action about accounts, groups or memberships is, but
 * for the few that can't be; a new one is covered without anyone remembering to list it (attack44: a
 * service account made in the admins group was missed by a list).
 */
export function mayChangeAdmins(action: string): boolean {
  if (CANNOT_CHANGE_ADMINS.has(action)) return false;
  return ["user.", "group.", "service-account.", "invite.accepted", "onboarding."].some((p) => action.startsWith(p));
}

/** Account and group actions that leave every permission and membership as it was. */
const CANNOT_CHANGE_ADMINS = new Set([
  "user.profile-updated",
  "user.password-reset-by-admin",
  "user.password-reset-by-cli",
  "user.directory-id-upgraded",
  "group.updated",
  "group.moved",
  "group.created",
]);
