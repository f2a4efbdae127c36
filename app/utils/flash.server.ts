// Success messages after POST/redirect/GET, without JavaScript and on any number of machines: the answer
// that redirects sets a short-lived cookie naming a message code and the page it is for; that page's
// loader reads it, shows the catalogue's sentence and clears it (ADR 020).
import { createCookie, redirect } from "@remix-run/node";
import * as v from "valibot";
import { cookieName } from "~/auth/cookie.server";
import { getConfig } from "~/config.server";
import { flashText, isFlashCode, type FlashCode } from "./flash-messages";

/** Long enough to follow the redirect it rides on, too short to greet a later visit. */
const FLASH_MAX_AGE_S = 60;

function flashCookie(secure: boolean) {
  return createCookie(cookieName("flash", secure), { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: FLASH_MAX_AGE_S });
}

const Flash = v.object({
  /** The path of the page the message is for. */
  path: v.string(),
  code: v.string(),
  count: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
});

/** Redirects to `to`, which then says the catalogue's sentence for `code` once. */
export async function redirectWithFlash(to: string, code: FlashCode, count?: number): Promise<Response> {
  const path = new URL(to, "http://porch.invalid").pathname;
  const value: v.InferOutput<typeof Flash> = count === undefined ? { path, code } : { path, code, count };
  return redirect(to, { headers: { "Set-Cookie": await flashCookie(getConfig().secureCookies).serialize(value) } });
}

export interface Flashed {
  /** The sentence to show, or null. */
  notice: string | null;
  code: FlashCode | null;
  /** For the loader's answer (`data(…, init)`): clears the cookie once read. */
  init: ResponseInit;
}

/** The message a previous answer left for this page, if any. Reading it clears it; one left for another page stays. */
export async function takeFlash(request: Request): Promise<Flashed> {
  const cookie = flashCookie(getConfig().secureCookies);
  const none: Flashed = { notice: null, code: null, init: {} };
  const raw: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (raw === null) return none;
  const flash = v.safeParse(Flash, raw);
  // Another tab's, or a redirect not followed yet: the page it names will read it.
  if (flash.success && flash.output.path !== new URL(request.url).pathname) return none;
  const init = { headers: { "Set-Cookie": await cookie.serialize("", { maxAge: 0 }) } };
  if (!flash.success || !isFlashCode(flash.output.code)) return { ...none, init };
  return { notice: flashText(flash.output.code, flash.output.count), code: flash.output.code, init };
}
