import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { hasPermission, requireUser } from "~/permissions/guards.server";

/** "Manage" leads to the first section this user may open. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  if (hasPermission(actor, "admin")) return redirect("/manage/users");
  if (hasPermission(actor, "other-view-logs")) return redirect("/manage/tools/logs");
  return redirect("/manage/integrations");
}
