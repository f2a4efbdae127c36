import * as v from "valibot";

/** Whether text is an absolute http(s) URL a browser can open. */
export function isWebUrl(text: string): boolean {
  return /^https?:\/\//i.test(text) && URL.canParse(text);
}

/**
 * The one check of an http(s) URL, with one message: "sonarr.lan" used to get "Enter a full URL" and
 * "Use an http:// URL" at once (issue #19 item 11). Not filled in for the person: a LAN service is
 * often plain http, so guessing https:// would be wrong as often as right.
 */
export const webUrl = (example: string) => v.check((text: string) => isWebUrl(text), `Use an http:// or https:// URL, like ${example}`);
