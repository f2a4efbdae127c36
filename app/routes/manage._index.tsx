import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/permissions/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin");
  return redirect("/manage/users");
}
