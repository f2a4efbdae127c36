import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/api/openapi";

/** GET /api/openapi.json: generated from the same schemas the endpoints validate with. */
export async function loader({ context }: LoaderFunctionArgs) {
  // The origin the pipeline decided to trust (BASE_URL, else an allowed host), never a forwarded header by itself.
  return Response.json(openApiDocument(context.origin), { headers: { "Cache-Control": "no-cache" } });
}
