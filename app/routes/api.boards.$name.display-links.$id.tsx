import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jsonError } from "~/api/json.server";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { revokeDisplayLink } from "~/models/display-links.server";
import { isUuid } from "~/models/manage-users.server";
import { authorize } from "~/permissions/authorize.server";

/** DELETE only: authorize answers any other method with 405, after who may ask. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.boards.$name.display-links.$id");
  return new Response(null, { status: 405, headers: { Allow: "DELETE" } });
}

/** DELETE: the link ends at once. */
export async function action(args: ActionFunctionArgs) {
  const { board } = await authorize(args, "routes/api.boards.$name.display-links.$id");
  const id = args.params.id ?? "";
  if (!isUuid(id) || !(await revokeDisplayLink(getSql(), auditActorFrom(args.context), board.id, id)))
    return jsonError(404, "No such display link on this board.");
  return new Response(null, { status: 204 });
}
