// Where a sign-in returns to: a path of Porch's own (safeRedirect), or an absolute address inside an
// app Porch protects, where forward auth sent the person from. Nothing else: every other absolute URL
// is an open redirect (ADR 033). One function, used by every place that ends a sign-in.
import { redirect } from "@remix-run/node";
import type { Db } from "~/db.server";
import { appAddress } from "~/permissions/app-address";
import { coversSql } from "~/permissions/protected-apps.server";
import { safeRedirect } from "~/utils/safe-redirect";

/** An absolute http(s) URL a browser reads the same way we do: no user info, backslash or control character. */
function plainAbsolute(text: string): URL | null {
  if (text.length > 2048 || /[\u0000-\u0020\u007f\\]/.test(text) || !/^https?:\/\/[^/?#@]+(?:[/?#]|$)/i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

/** `to` when it is Porch's own path or an address inside a protected app; else `fallback`. */
export async function returnDestination(db: Db, to: unknown, fallback = "/"): Promise<string> {
  const own = safeRedirect(to, "");
  if (own) return own;
  if (typeof to !== "string") return fallback;
  const url = plainAbsolute(to);
  const address = url && appAddress(url.href);
  if (!url || !address) return fallback;
  const [hit] = await db`
    select 1 from protected_apps a
     where a.origin = ${address.origin} and ${coversSql(db, db`a.path_prefix`, db`${address.path}::text`)} limit 1`;
  return hit ? url.href : fallback;
}

/**
 * The redirect that ends a sign-in at `destination` (from returnDestination). Into an app it goes by way
 * of /auth/continue: a sign-in form's redirects may only reach Porch (CSP form-action 'self'), and that
 * page's own navigation onward isn't the form's.
 */
export function redirectAfterSignIn(destination: string, init?: ResponseInit): Response {
  return redirect(destination.startsWith("/") ? destination : `/auth/continue?to=${encodeURIComponent(destination)}`, init);
}
