import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { returnDestination } from "~/server/return-to.server";

/** The seed's sign-in endpoint leads to the login page, keeping where to come back to. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.signin");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const back = await returnDestination(getSql(), params.get("redirectTo") ?? params.get("callbackUrl"), "");
  return redirect(back ? `/auth/login?redirectTo=${encodeURIComponent(back)}` : "/auth/login");
}
