import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerForwardAuth } from "~/forward-auth/answer.server";
import { authorize } from "~/permissions/authorize.server";

/** GET /api/auth/auth-request: nginx auth_request (X-Original-URL): 200, 401 or 403 (ADR 033). */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.auth-request");
  return answerForwardAuth(args.context, "auth-request");
}
