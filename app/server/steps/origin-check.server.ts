import { hostNotAllowed, isCrossOriginRefused, type PublicOrigin } from "../origin.server";
import type { Credentials } from "./credentials.server";

/**
 * The origin this request is answered at, or its refusal: 421 for a host Porch doesn't answer to, 403 for
 * a cross-origin write. An API key isn't sent by browsers on their own, so its requests skip the second.
 */
export function checkOrigin(request: Request, place: PublicOrigin, credentials: Credentials): string | Response {
  if (!place.ok) return hostNotAllowed(place);
  if (credentials.kind === "cookie" && isCrossOriginRefused(request, place.origin, credentials.token !== undefined)) {
    // The usual innocent cause is a Porch opened at another address than BASE_URL: say where it lives.
    return new Response(`Cross-origin request refused: Porch's address is ${place.origin}. Open it there and try again.\n`, {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return place.origin;
}
