import * as v from "valibot";
import { checkbox } from "./fields";

/** How long a new link works, as the form offers it. */
export const DISPLAY_EXPIRIES = { never: null, "1d": 1, "7d": 7, "30d": 30, "365d": 365 } as const;
/** How often the display reloads itself, as the form offers it (seconds). */
export const DISPLAY_REFRESHES = ["60", "300", "900", "3600"] as const;

const linkName = v.pipe(
  v.string("Name the screen, like Kitchen tablet"),
  v.trim(),
  v.nonEmpty("Name the screen, like Kitchen tablet"),
  v.maxLength(100, "Names have at most 100 characters"),
);

export const NewDisplayLinkSchema = v.object({
  intent: v.literal("create"),
  name: linkName,
  expires: v.picklist(Object.keys(DISPLAY_EXPIRIES) as Array<keyof typeof DISPLAY_EXPIRIES>, "Choose how long it works"),
  refresh: v.picklist(DISPLAY_REFRESHES, "Choose how often it reloads"),
  widgets: checkbox,
});

export const RevokeDisplayLinkSchema = v.object({
  intent: v.literal("revoke"),
  id: v.pipe(v.string("Unknown link"), v.uuid("Unknown link")),
});

/** Five years: a display nobody revokes shouldn't outlive the hardware by much. */
const MAX_EXPIRY_MS = 5 * 365 * 24 * 3600_000;

/** POST /api/boards/:name/display-links */
export const ApiNewDisplayLinkSchema = v.strictObject({
  name: linkName,
  expiresAt: v.optional(
    v.nullable(
      v.pipe(
        v.string("expiresAt is an ISO timestamp or null"),
        v.isoTimestamp("expiresAt is an ISO timestamp like 2027-01-31T00:00:00Z"),
        v.transform((s) => new Date(s)),
        v.check((d) => d.getTime() > Date.now(), "expiresAt is in the past"),
        v.check((d) => d.getTime() < Date.now() + MAX_EXPIRY_MS, "expiresAt is at most 5 years away"),
      ),
    ),
    null,
  ),
  widgetsAsMe: v.optional(v.boolean("widgetsAsMe is true or false"), false),
  refreshSeconds: v.optional(
    v.pipe(
      v.number("refreshSeconds is a number"),
      v.integer(),
      v.minValue(30, "refreshSeconds is at least 30"),
      v.maxValue(3600, "refreshSeconds is at most 3600"),
    ),
    300,
  ),
});
