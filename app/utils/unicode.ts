// Text PostgreSQL can hold: JSON can carry an unpaired UTF-16 surrogate ("\ud800"), which no `json`
// column accepts and no `text` column keeps (it becomes U+FFFD on the way).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Whether every string in a parsed JSON value (keys included) is well-formed Unicode. Any depth: no recursion. */
export function isWellFormedDeep(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (!isWellFormed(next)) return false;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next && typeof next === "object") {
      for (const [k, v] of Object.entries(next)) {
        if (!isWellFormed(k)) return false;
        pending.push(v);
      }
    }
  }
  return true;
}

/** The value with every unpaired surrogate replaced by U+FFFD, as PostgreSQL would store its text. */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === "string") return value.replace(LONE_SURROGATES, "\uFFFD") as T;
  if (Array.isArray(value)) return value.map(wellFormedDeep) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedDeep(k), wellFormedDeep(v)])) as T;
  }
  return value;
}
