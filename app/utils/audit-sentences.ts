// The audit log read as sentences ("alice added bob to group media"), for the log page (issue #19 item 5).
// The raw event (action, ids, details) stays behind a disclosure and in the CSV: the sentence is for
// reading, the row is the record. Unknown actions fall back to their code, so a new event is never hidden.

export interface EventForSentence {
  actorType: string;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetName: string | null;
  details: Record<string, unknown>;
}

/** `{target}` is the target's name (or "a deleted <type>"); `{d.key}` a detail; `{d.a|b}` the first of two that is there. */
const PHRASES: Record<string, string> = {
  "access.denied": "was refused {d.path}",
  "account.email-verification-sent": "was sent a link to verify {d.email}",
  "account.password-changed": "changed their password",
  "account.profile-updated": "updated their profile",
  "account.security-mails-changed": "changed which security mails they get",
  "api-key.created": "created an API key",
  "app.access.denied": "was refused {d.url} (forward auth)",
  "app.access.granted": "gave {d.user|group} access to protected app {target}",
  "app.access.changed": "changed the access of {d.user|group} to protected app {target}",
  "app.access.revoked": "took access to protected app {target} from {d.user|group}",
  "app.changed": "changed protected app {target}",
  "app.protected": "protected app {target}",
  "app.unprotected": "stopped protecting {d.origin}",
  "api-key.failed": "tried an API key that didn't work",
  "api-key.moved": "moved an API key to service account {d.toName}",
  "api-key.revoked": "revoked an API key",
  "api-key.used": "used an API key",
  "auth.backchannel-logout": "ended {d.ended} session(s) of {target}: the identity provider logged them out",
  "auth.check.failed": "failed a password or code check",
  "auth.device.asked": "showed a sign-in code on a device",
  "auth.device.approved": "approved a sign-in with a code for {d.device} at {d.ip}",
  "auth.device.denied": "refused a sign-in with a code for {d.device} at {d.ip}",
  "auth.lockout": "locked {d.username} after too many failed attempts",
  "auth.proxy-header-ignored": "sent identity headers ({d.header}) from an address that isn't the trusted proxy's; ignored",
  "auth.sign-in": "signed in",
  "auth.sign-in.failed": "failed to sign in as {d.username}",
  "auth.sign-out": "signed out",
  "auth.unlocked": "unlocked {target}",
  "service-account.created": "created service account {d.name}",
  "board.access.granted": "gave {d.user|group} {d.level} access to board {target}",
  "board.access.changed": "changed the access of {d.user|group} to board {target} to {d.level}",
  "board.access.revoked": "took {d.level} access to board {target} from {d.user|group}",
  "board.created": "created board {target}",
  "board.deleted": "deleted board {d.name}",
  "board.item.added": "added an item ({d.kind}) to board {target}",
  "board.item.changed": "edited an item of board {target}",
  "board.item.moved": "moved an item of board {target} to position {d.to}",
  "board.item.removed": "removed an item from board {target}",
  "board.items.replaced": "replaced the items of board {target}",
  "board.item.visibility-changed": "changed who sees an item of board {target}",
  "board.viewed-as": "viewed board {target} as {d.as}",
  "directory.sync.failed": "couldn't read the directory for its sync ({d.reason}); nothing was changed",
  "directory.sync.refused":
    "refused to apply a directory sync that would deactivate {d.wouldDeactivate} of {d.checked} accounts (limit {d.limit})",
  "display-link.created": "made display link {d.name} for board {target}",
  "display-link.revoked": "revoked display link {d.name} of board {target}",
  "display-link.used": "display link {d.name} showed board {target}",
  "display-link.ended": "ended display link {d.name} of board {target}: {d.reason}",
  "board.updated": "changed board {target}",
  "encryption-key.rotated": "rotated the encryption key",
  "group.created": "created group {target}",
  "group.deleted": "deleted group {d.name}",
  "group.directory-mapping-added": "mapped a directory group to group {target}",
  "group.directory-mapping-removed": "removed a directory group from group {target}",
  "group.member-added": "added {d.username} to group {target}",
  "group.member-removed": "removed a member from group {target}",
  "group.moved": "moved group {target} to position {d.position}",
  "group.permissions-changed": "changed the permissions of group {target}",
  "group.two-factor-requirement-changed": "changed whether group {target} requires two-factor sign-in",
  "group.passkey-requirement-changed": "changed whether group {target} requires a passkey sign-in",
  "group.updated": "changed group {target}",
  "integration.access.granted": "gave {d.user|group} {d.level} access to integration {target}",
  "integration.access.changed": "changed the access of {d.user|group} to integration {target} to {d.level}",
  "integration.access.revoked": "took {d.level} access to integration {target} from {d.user|group}",
  "integration.checked": "checked integration {target}",
  "integration.created": "connected integration {target}",
  "integration.deleted": "deleted integration {d.name}",
  "integration.secret-replaced": "replaced a secret of integration {target}",
  "integration.secrets-cleared": "cleared the secrets of integration {target}",
  "integration.updated": "changed integration {target}",
  "invite.accepted": "joined with an invite link",
  "invite.created": "created an invite link",
  "invite.deleted": "deleted an invite link",
  "onboarding.completed": "set up Porch",
  "passkey.counter-anomaly": "tried a copied passkey of {target} (its counter didn't move forward)",
  "passkey.refused": "was refused a passkey ({d.reason})",
  "passkey.registered": "added passkey {d.passkey}",
  "passkey.removed": "removed passkey {d.passkey}",
  "passkey.removed-by-admin": "removed the passkeys of {target} ({d.count})",
  "passkey.renamed": "renamed a passkey to {d.passkey}",
  "passkey.wrong-origin": "tried a passkey answer made on another site ({d.reason})",
  "password-reset.completed": "chose a new password with a reset link",
  "password-reset.link-created": "created a password reset link for {target}",
  "password-reset.mail-sent": "was mailed a password reset link",
  "session.passkey-confirmed": "confirmed a session with a passkey",
  "session.elevated": "confirmed it's them ({d.with}) to {d.to}",
  "session.expired": "'s session expired",
  "session.revoked": "ended a session",
  "session.revoked-all": "ended every session of {target}",
  "session.revoked-others": "signed out everywhere else",
  "provision.applied": "applied the provisioning file {d.file} ({d.changes} change(s))",
  "settings.changed": "changed the server settings",
  "two-factor.disabled": "turned two-factor sign-in off",
  "two-factor.enabled": "turned two-factor sign-in on",
  "two-factor.recovery-codes-regenerated": "made new recovery codes",
  "two-factor.reset-by-admin": "turned off two-factor sign-in for {target}",
  "user.admin-recreated-by-cli": "recreated administrator {target} from the command line",
  "webhook.created": "added webhook {d.name} ({d.origin})",
  "webhook.changed": "changed webhook {d.name} ({d.origin})",
  "webhook.secret-replaced": "replaced the signing secret of webhook {d.name}",
  "webhook.deleted": "deleted webhook {d.name} ({d.origin})",
  "user.created": "created user {target}",
  "user.deleted": "deleted user {d.username}",
  "user.directory-departed": "found {target} gone from the directory",
  "user.directory-id-upgraded": "recorded the directory id of {target}",
  "user.groups-changed": "changed the groups of {target}",
  "user.groups-synced": "synced the groups of {target} from the directory",
  "user.linked": "linked {target} to a sign-in provider",
  "user.password-reset-by-admin": "set a new password for {target}",
  "user.password-reset-by-cli": "set a new password for {target} from the command line",
  "user.permissions-changed": "changed the permissions of {target}",
  "user.profile-updated": "changed the profile of {target}",
  "user.status-changed": "set {target} {d.status}",
};

function detail(details: Record<string, unknown>, key: string): string | null {
  const value = details[key];
  if (typeof value === "string" && value) return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Who did it: a username, else what kind of actor it was. */
export function actorOf(e: Pick<EventForSentence, "actorType" | "actorUsername">): string {
  if (e.actorUsername) return e.actorUsername;
  return { "api-key": "An API key", system: "Porch", anonymous: "Someone not signed in" }[e.actorType] ?? e.actorType;
}

/** The event as one sentence, or null when its action has no phrase (the page shows the code). */
export function auditSentence(e: EventForSentence): string | null {
  const phrase = PHRASES[e.action];
  if (!phrase) return null;
  let missing = false;
  const text = phrase.replace(/\{(target|d\.[a-zA-Z|]+)\}/g, (_, slot: string) => {
    if (slot === "target") return e.targetName ?? (e.targetType ? `a deleted ${e.targetType}` : "something");
    const value =
      slot
        .slice(2)
        .split("|")
        .map((key) => detail(e.details, key))
        .find((v) => v !== null) ?? null;
    if (value === null) missing = true;
    return value ?? "";
  });
  // A detail the phrase needs isn't there (an older row): the plain phrase would read wrong, so the code shows.
  if (missing) return null;
  return phrase.startsWith("'") ? `${actorOf(e)}${text}` : `${actorOf(e)} ${text}`;
}
