import type { Db } from "~/db.server";
import { inviteState } from "./invites.server";
import { resetTokenUser } from "./password-resets.server";

/**
 * Whether `header` (`invite <token>` or `reset <token>`, the `Porch-Link` request header) names an
 * invite or reset link that still works: its holder is choosing a password without being signed in.
 */
export async function holdsLiveLink(db: Db, header: string | null): Promise<boolean> {
  const match = /^(invite|reset) (\S{1,200})$/.exec(header?.trim() ?? "");
  if (!match) return false;
  const [, kind, token] = match;
  if (kind === "invite") return (await inviteState(db, token)) === "valid";
  return (await resetTokenUser(db, token)) !== null;
}
