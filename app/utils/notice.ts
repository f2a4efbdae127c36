/**
 * The sentence a page shows for a code its URL carries (`?error=denied`): looked up in
 * the page's own catalogue, so a link can choose among our sentences but never put its words in our mouth.
 * Unknown codes (and "constructor", "__proto__"…) show nothing.
 */
export function noticeFor(catalogue: Readonly<Record<string, string>>, code: string | null | undefined): string | null {
  return typeof code === "string" && Object.hasOwn(catalogue, code) ? catalogue[code] : null;
}

/** A count carried in the URL (`?widgets=3`): digits only, else nothing. */
export function countFrom(value: string | null | undefined): number | null {
  return typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : null;
}
