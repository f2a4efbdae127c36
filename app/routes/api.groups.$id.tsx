import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ManagedByFileError } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { PatchGroupIn } from "~/api/schemas";
import { getSql, inOneTransaction } from "~/db.server";
import { LastAdminError } from "~/models/admins.server";
import { auditActorFrom } from "~/models/audit.server";
import {
  addMember,
  deleteGroup,
  getGroup,
  GroupNameTakenError,
  removeMember,
  ReservedGroupError,
  setGroupPermissions,
  UnknownUserError,
  updateGroup,
} from "~/models/groups.server";
import { jsonError, readJson } from "~/api/json.server";

async function findGroup(id: string | undefined) {
  const group = id ? await getGroup(getSql(), id) : null;
  if (!group) throw new Refusal("not-found", "No such group.");
  return group;
}

const shown = (g: Awaited<ReturnType<typeof findGroup>>) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  reserved: g.reserved,
  permissions: g.permissions,
  members: g.members,
});

/** GET /api/groups/:id (admin): with permissions and members. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.groups.$id");
  const { params } = args;
  return Response.json(shown(await findGroup(params.id)));
}

/** PATCH (name, description, permissions, members to add/remove; all or nothing) and DELETE (admin). */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.groups.$id");
  const { context, request, params } = args;
  const group = await findGroup(params.id);
  const audit = auditActorFrom(context);
  try {
    if (request.method === "DELETE") {
      await deleteGroup(getSql(), audit, group.id);
      return new Response(null, { status: 204 });
    }
    const patch = await readJson(request, PatchGroupIn);
    await inOneTransaction(getSql(), async (sql) => {
      if (patch.name !== undefined || patch.description !== undefined) {
        await updateGroup(sql, audit, group.id, {
          name: patch.name ?? group.name,
          description: patch.description === undefined ? group.description : patch.description,
        });
      }
      if (patch.permissions) await setGroupPermissions(sql, audit, group.id, patch.permissions);
      for (const username of patch.addMembers ?? []) await addMember(sql, audit, group.id, username);
      for (const userId of patch.removeMembers ?? []) await removeMember(sql, audit, group.id, userId);
    });
  } catch (error) {
    if (
      error instanceof GroupNameTakenError ||
      error instanceof LastAdminError ||
      error instanceof ReservedGroupError ||
      error instanceof ManagedByFileError
    ) {
      return jsonError(409, error.message);
    }
    if (error instanceof UnknownUserError) return jsonError(400, `addMembers: ${error.message}`);
    throw error;
  }
  return Response.json(shown(await findGroup(group.id)));
}
