import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/permissions/guards.server";

/** Any path no route claims: a 404 page in the app's layout (JSON-free, no details). */
export async function loader({ context }: LoaderFunctionArgs) {
  getActor(context);
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
