import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { protectedAppJson } from "~/api/protected-apps.server";
import { jsonError, readJson } from "~/api/json.server";
import { getSql } from "~/db.server";
import { ProtectedAppSchema } from "~/forms/protected-apps";
import { auditActorFrom } from "~/models/audit.server";
import { createProtectedApp, getProtectedApp, listProtectedApps, ProtectedAppTakenError } from "~/models/protected-apps.server";
import { authorize } from "~/permissions/authorize.server";

/** GET /api/protected-apps (app-protect): every protected app, by origin and path prefix. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.protected-apps._index");
  return Response.json((await listProtectedApps(getSql())).map(protectedAppJson));
}

/** POST /api/protected-apps (app-protect): `{ "origin": "https://…", "pathPrefix": "/…" }`. */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.protected-apps._index");
  const input = await readJson(args.request, ProtectedAppSchema);
  try {
    const id = await createProtectedApp(getSql(), auditActorFrom(args.context), input);
    const app = await getProtectedApp(getSql(), id);
    return Response.json(protectedAppJson(app!), { status: 201, headers: { Location: `/api/protected-apps/${id}` } });
  } catch (error) {
    if (error instanceof ProtectedAppTakenError) return jsonError(409, error.message);
    throw error;
  }
}
