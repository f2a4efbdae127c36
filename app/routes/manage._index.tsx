import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { hasPermission } from "~/auth/actor.server";

/** "Manage" leads to the first section this user may open. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage._index");
  if (hasPermission(actor, "admin")) return redirect("/manage/users");
  if (hasPermission(actor, "other-view-logs")) return redirect("/manage/tools/logs");
  if (hasPermission(actor, "app-protect")) return redirect("/manage/apps");
  return redirect("/manage/integrations");
}
