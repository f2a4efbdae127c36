import type { LoaderFunctionArgs } from "@remix-run/node";
import { readPorchCookie } from "~/auth/cookie.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { readDeviceRequest } from "~/models/device-sign-ins.server";
import { authorize } from "~/permissions/authorize.server";

/**
 * GET /auth/device/state: where this browser's sign-in with a code stands, for the waiting page's script
 * (app/browser/device-wait.ts), which reloads the page once it changed. It changes nothing: the page's
 * own loader collects the approval.
 */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.device.state");
  const asked = await readDeviceRequest(getSql(), readPorchCookie(args.request, "device", getConfig().secureCookies));
  return Response.json({ state: asked?.state ?? "gone" });
}
