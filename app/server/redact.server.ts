import { ROUTE_TABLE } from "~/routes.table";

// Invite and reset links carry their secret in the path. Everything that records a path or free text
// (the access log, the audit log's denied-access rows, error lines) passes it through here first.

export const MASK = "[token]";

/**
 * The routes whose last segment is a secret, from their ids ("routes/auth.reset.$token" → auth, reset):
 * a new token route is masked without anyone remembering to.
 */
const TOKEN_ROUTES: string[][] = Object.keys(ROUTE_TABLE)
  .filter((id) => id.endsWith(".$token"))
  .map((id) =>
    id
      .replace(/^routes\//, "")
      .replace(/\.\$token$/, "")
      .split("."),
  );

/** Anything shaped like one of our secrets: a 32-character token, a session's halves, an API key's secret. */
const TOKEN_SHAPE = /[a-z2-7]{32,}/i;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/**
 * `pathname` with every secret segment replaced by [token]: the segment after a token route's prefix
 * (matched as Remix matches: any case, percent-decoded, empty segments skipped) and everything after
 * it, and any segment shaped like a token.
 */
export function maskPath(pathname: string): string {
  const seen: string[] = [];
  let masking = false;
  return pathname
    .split("/")
    .map((segment) => {
      if (segment === "") return segment;
      if (masking || TOKEN_ROUTES.some((prefix) => prefix.every((p, i) => seen[seen.length - prefix.length + i] === p))) {
        masking = true;
        return MASK;
      }
      const plain = decoded(segment);
      seen.push(plain);
      return TOKEN_SHAPE.test(plain) ? MASK : segment;
    })
    .join("/");
}

/** True for a path that holds a secret: its page must not hand the address on (Referer). */
export function carriesToken(pathname: string): boolean {
  return maskPath(pathname) !== pathname;
}

const TOKEN_PATHS = new RegExp(`((?:/+)(?:${TOKEN_ROUTES.map((prefix) => prefix.join("/+")).join("|")})/+)[^\\s"'<>?#]+`, "gi");

/** Free text (an error message, a stack) with token paths and token-shaped strings masked. */
export function maskText(text: string): string {
  return text.replace(TOKEN_PATHS, `$1${MASK}`).replace(new RegExp(TOKEN_SHAPE.source, "gi"), MASK);
}
