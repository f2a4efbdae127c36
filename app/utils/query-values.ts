// Numbers and times read from a query string, in one place: what PostgreSQL can't hold (a page of
// 1e20, the year 0, a month 13, an id past bigint) is ignored here instead of failing as a 500 there.

const MAX_PAGE = 100_000;

/** A page number (1 when missing, malformed or beyond any list Porch shows). */
export function pageParam(params: URLSearchParams, name = "page"): number {
  const value = params.get(name) ?? "";
  if (!/^\d{1,6}$/.test(value)) return 1;
  return Math.min(MAX_PAGE, Math.max(1, Number(value)));
}

/** A count between 1 and `max`, `fallback` when missing or malformed. */
export function countParam(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const value = params.get(name) ?? "";
  if (!/^\d{1,9}$/.test(value)) return fallback;
  return Math.min(max, Math.max(1, Number(value)));
}

/** A time PostgreSQL stores (years 1970 to 9999), or null. */
export function storableTime(date: Date): Date | null {
  const t = date.getTime();
  return Number.isNaN(t) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999 ? null : date;
}

/** A bigint id as text (at most 18 digits, so always below 2^63), or null. */
export function bigintText(value: string): string | null {
  return /^\d{1,18}$/.test(value) ? value : null;
}
