// What the provisioning file manages (issue #23 part 4, ADR 044) changes only through it: one check the
// models make before changing a managed group or service account, whichever page or API asked.
import type { Db } from "~/db.server";
import { Refusal } from "~/permissions/refusal.server";
import type { AuditActor } from "./audit.server";

/**
 * A refusal (409), so a page or API route that doesn't catch it answers in words through the route guard,
 * never a 500; the forms that can say it beside a field catch it.
 */
export class ManagedByFileError extends Refusal {
  constructor(what: string) {
    super(
      "conflict",
      `${what} is managed by the provisioning file (PORCH_PROVISION_FILE): change it there, then run npm run cli -- provision`,
    );
    this.name = "ManagedByFileError";
  }
}

/** The provisioning file's changes, as the audit log names them. */
export const PROVISIONER: AuditActor = { userId: null, ip: null, userAgent: "porch-provision", provisioning: true };

/** Throws ManagedByFileError when group `id` is the file's and `actor` isn't applying the file. */
export async function refuseManagedGroup(db: Db, actor: AuditActor, id: string): Promise<void> {
  if (actor.provisioning) return;
  const [group] = await db<{ name: string; managed: boolean }[]>`select name, managed from groups where id = ${id}::uuid`;
  if (group?.managed) throw new ManagedByFileError(`The group ${group.name}`);
}

/** The same for an account (only service accounts are ever the file's). */
export async function refuseManagedAccount(db: Db, actor: AuditActor, id: string): Promise<void> {
  if (actor.provisioning) return;
  const [user] = await db<{ username: string; managed: boolean }[]>`select username, managed from users where id = ${id}::uuid`;
  if (user?.managed) throw new ManagedByFileError(`The service account ${user.username}`);
}

/** The same for a board or an integration (by table: the access rows' code is shared by both). */
export async function refuseManagedResource(db: Db, actor: AuditActor, table: "boards" | "integrations", id: string): Promise<void> {
  if (actor.provisioning) return;
  const [row] = await db<{ name: string; managed: boolean }[]>`select name, managed from ${db(table)} where id = ${id}::uuid`;
  if (row?.managed) throw new ManagedByFileError(`${table === "boards" ? "The board" : "The integration"} ${row.name}`);
}

/** What a page says of something the file keeps (computed here: the pages' scripts stay as they were). */
export function managedNote(what: string): string {
  return `${what}: managed by the provisioning file (PORCH_PROVISION_FILE). Change it there, then run npm run cli -- provision (or restart Porch).`;
}
