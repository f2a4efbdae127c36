import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { openApiDocument } from "~/api/openapi";

/** GET /api/openapi.json: generated from the same schemas the endpoints validate with. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.openapi[.json]");
  const { context } = args;
  // The origin the pipeline decided to trust (BASE_URL, else an allowed host), never a forwarded header by itself.
  return Response.json(openApiDocument(context.origin), { headers: { "Cache-Control": "no-cache" } });
}
