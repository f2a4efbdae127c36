import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { NewGroupIn } from "~/api/schemas";
import { getSql, inOneTransaction } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { createGroup, getGroup, GroupNameTakenError, listGroups, setGroupPermissions } from "~/models/groups.server";
import { jsonError, readJson } from "~/api/json.server";

/** GET /api/groups (admin): every group, in their order. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.groups._index");
  return Response.json(await listGroups(getSql()));
}

/** POST /api/groups (admin): name, description, permissions. */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.groups._index");
  const { context, request } = args;
  const input = await readJson(request, NewGroupIn);
  const audit = auditActorFrom(context);
  try {
    const id = await inOneTransaction(getSql(), async (sql) => {
      const created = await createGroup(sql, audit, { name: input.name, description: input.description ?? undefined });
      if (input.permissions.length) await setGroupPermissions(sql, audit, created, input.permissions);
      return created;
    });
    return Response.json(await getGroup(getSql(), id), { status: 201, headers: { Location: `/api/groups/${id}` } });
  } catch (error) {
    if (error instanceof GroupNameTakenError) return jsonError(409, error.message);
    throw error;
  }
}
