import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { protectedAppJson } from "~/api/protected-apps.server";
import { jsonError, readJson } from "~/api/json.server";
import { getSql } from "~/db.server";
import { ProtectedAppPatchSchema } from "~/forms/protected-apps";
import { auditActorFrom } from "~/models/audit.server";
import { deleteProtectedApp, getProtectedApp, ProtectedAppTakenError, updateProtectedApp } from "~/models/protected-apps.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";

async function load(id: string | undefined) {
  const app = await getProtectedApp(getSql(), String(id ?? ""));
  if (!app) throw new Refusal("not-found", { page: "Not Found", api: "No such protected app." });
  return app;
}

/** GET /api/protected-apps/:id (app-protect). */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.protected-apps.$id");
  return Response.json(protectedAppJson(await load(args.params.id)));
}

/** PATCH origin and/or pathPrefix; DELETE stops guarding it (forward auth then refuses it as unknown). */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.protected-apps.$id");
  const { request, context } = args;
  const app = await load(args.params.id);
  const audit = auditActorFrom(context);
  if (request.method === "DELETE") {
    await deleteProtectedApp(getSql(), audit, app);
    return new Response(null, { status: 204 });
  }
  const patch = await readJson(request, ProtectedAppPatchSchema);
  try {
    await updateProtectedApp(getSql(), audit, app, { origin: patch.origin ?? app.origin, pathPrefix: patch.pathPrefix ?? app.pathPrefix });
  } catch (error) {
    if (error instanceof ProtectedAppTakenError) return jsonError(409, error.message);
    throw error;
  }
  return Response.json(protectedAppJson((await getProtectedApp(getSql(), app.id))!));
}
