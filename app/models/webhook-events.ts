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
    actions: ["user.created", "user.deleted", "user.status-changed", "service-account.created", "invite.accepted"],
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
 * Audit actions that can change who is an administrator: after each, the set is compared with the one
 * last seen (admin.granted / admin.revoked). A path missing here is still caught at the next one.
 */
export const ADMIN_AFFECTING = new Set([
  "group.permissions-changed",
  "group.member-added",
  "group.member-removed",
  "group.deleted",
  "user.groups-changed",
  "user.groups-synced",
  "user.permissions-changed",
  "user.status-changed",
  "user.created",
  "user.deleted",
  "user.linked",
  "user.directory-departed",
  "user.admin-recreated-by-cli",
  "invite.accepted",
  "onboarding.completed",
]);
