import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { endSession } from "~/auth/sign-in.server";
import { getActor } from "~/permissions/guards.server";

/** Signing out changes state, so it is POST only; a GET just goes home. */
export async function loader({ context }: LoaderFunctionArgs) {
  getActor(context);
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  getActor(context);
  const cookie = await endSession(context);
  return redirect("/auth/login", { headers: { "Set-Cookie": cookie } });
}
