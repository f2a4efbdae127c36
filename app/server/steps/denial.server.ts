import type { Actor } from "~/auth/actor.server";
import type { Db } from "~/db.server";
import { recordDenied } from "~/models/audit.server";
import { actingUserId, type Client } from "./request-actor.server";

/**
 * A signed-in user refused a page (403) or sent to one that isn't there (404): one audit row (an hour's
 * repeats fold into it), under the page's path, whether it was asked for as a page or as its data.
 */
export async function recordDenial(db: Db, request: Request, response: Response, actor: Actor, client: Client): Promise<void> {
  const userId = actingUserId(actor);
  if (userId === null || (response.status !== 403 && response.status !== 404)) return;
  await recordDenied(db, {
    userId,
    path: new URL(request.url).pathname.replace(/\.data$/, "").slice(0, 512),
    status: response.status,
    method: request.method,
    ...client,
  });
}
