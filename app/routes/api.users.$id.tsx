import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ManagedByFileError } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { PatchUserIn } from "~/api/schemas";
import { userJson } from "~/api/users.server";
import { getSql, inOneTransaction } from "~/db.server";
import { LastAdminError } from "~/models/admins.server";
import { auditActorFrom } from "~/models/audit.server";
import {
  deleteUser,
  getUserDetail,
  ServiceAccountEmailError,
  setUserGroups,
  setUserPermissions,
  setUserStatus,
  updateProfile,
} from "~/models/manage-users.server";
import { jsonError, readJson } from "~/api/json.server";

async function findUser(id: string | undefined) {
  const user = id ? await getUserDetail(getSql(), id) : null;
  if (!user) throw new Refusal("not-found", "No such user.");
  return user;
}

/** GET /api/users/:id (admin). */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.users.$id");
  const { params } = args;
  return Response.json(userJson(await findUser(params.id)));
}

/** PATCH (profile, status, groups, direct permissions; all of it or nothing) and DELETE (admin). */
export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/api.users.$id");
  const { context, request, params } = args;
  const user = await findUser(params.id);
  const audit = auditActorFrom(context);
  try {
    if (request.method === "DELETE") {
      if (user.id === actor.user.id) return jsonError(409, "You can't delete your own account through the API.");
      await deleteUser(getSql(), audit, user.id);
      return new Response(null, { status: 204 });
    }
    const patch = await readJson(request, PatchUserIn);
    await inOneTransaction(getSql(), async (sql) => {
      if (patch.displayName !== undefined || patch.email !== undefined || patch.avatarUrl !== undefined) {
        await updateProfile(sql, audit, user.id, {
          displayName: patch.displayName === undefined ? user.displayName : patch.displayName,
          email: patch.email === undefined ? user.email : patch.email,
          avatarUrl: patch.avatarUrl === undefined ? user.avatarUrl : patch.avatarUrl,
        });
      }
      if (patch.status) await setUserStatus(sql, audit, user.id, patch.status);
      if (patch.groupIds) await setUserGroups(sql, audit, user.id, patch.groupIds);
      if (patch.permissions) await setUserPermissions(sql, audit, user.id, patch.permissions);
    });
  } catch (error) {
    if (error instanceof LastAdminError || error instanceof ManagedByFileError) return jsonError(409, error.message);
    if (error instanceof ServiceAccountEmailError) return jsonError(400, `email: ${error.message}`);
    throw error;
  }
  return Response.json(userJson(await findUser(user.id)));
}
