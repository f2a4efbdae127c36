// Who may open a protected app (issue #20, ADR 033): seeing the tile and being let through are one rule.
// The resource rules give the rows and the `app-protect` permission (never the creator); a board the person may
// view with an app item linking into the app adds "via board" (protected-apps.server.ts loads those).
import { levelOf, type Facts, type Reason, type ResourceRules, type Subject } from "./resource-rules";

export const PROTECTED_APP_LEVELS = ["open"] as const;
export type ProtectedAppLevel = (typeof PROTECTED_APP_LEVELS)[number];

export const PROTECTED_APP_ACCESS: ResourceRules<ProtectedAppLevel> = {
  levels: PROTECTED_APP_LEVELS,
  // Nothing for whoever protected it: they could while they held app-protect, which opens every app
  // anyway; once they lose it, nothing of theirs should outlive it (attack16).
  creator: null,
  // Never public: a signed-out visitor is always sent to sign in first.
  public: null,
  global: { "app-protect": "open" },
};

export type ProtectedAppFacts = Facts<ProtectedAppLevel>;
export type ProtectedAppReason = Reason<ProtectedAppLevel> | { source: "board"; board: string; level: ProtectedAppLevel };

/** Whether the subject may open the app, and why: its own rules, then each board that links into it. */
export function protectedAppLevelOf(
  subject: Subject,
  facts: ProtectedAppFacts,
  viaBoards: readonly string[],
): { level: ProtectedAppLevel | null; reasons: ProtectedAppReason[] } {
  const own = levelOf(PROTECTED_APP_ACCESS, subject, facts);
  const reasons: ProtectedAppReason[] = [...own.reasons];
  if (subject.signedIn) for (const board of viaBoards) reasons.push({ source: "board", board, level: "open" });
  return { level: reasons.length ? "open" : null, reasons };
}
