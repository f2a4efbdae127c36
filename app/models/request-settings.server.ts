// The server settings a page may need, read as columns of the actor's own statement (session or API
// key), so a signed-in request learns who is asking and how the server is set in one round trip.
import type { Db } from "~/db.server";
import { onboardedColumn } from "~/models/onboarding.server";
import { guestAccessColumn } from "~/permissions/boards.server";

export interface RequestSettings {
  /** The first administrator exists (see isOnboarded). */
  onboarded: boolean;
  /** "Allow guests to see public boards". */
  guestAccess: boolean;
}

/** Columns `settings_onboarded` and `settings_guest_access`, for any select. */
export function requestSettingsColumns(db: Db) {
  return db`
    ${onboardedColumn(db)} as settings_onboarded,
    ${guestAccessColumn(db)} as settings_guest_access`;
}

export function requestSettingsOf(row: { settingsOnboarded: boolean; settingsGuestAccess: boolean }): RequestSettings {
  return { onboarded: row.settingsOnboarded, guestAccess: row.settingsGuestAccess };
}
