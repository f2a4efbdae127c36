import type { ProtectedAppRecord } from "~/models/protected-apps.server";

/** A protected app as the JSON API shows it. */
export const protectedAppJson = (app: ProtectedAppRecord) => ({
  id: app.id,
  origin: app.origin,
  pathPrefix: app.pathPrefix,
  createdAt: app.createdAt.toISOString(),
  linkingItems: app.linkingItems,
});
