import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";

/** Any path no route claims: a 404 page in the app's layout (JSON-free, no details). */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/$");
  throw new Refusal("not-found");
}

export default function NotFound() {
  return null;
}
