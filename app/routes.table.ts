import type { PermissionKey } from "~/permissions/definitions";

/**
 * Who may use each route, by Remix route id. Every route module must be listed:
 * tests/unit/route-table.test.ts fails for one that isn't, and the e2e suite checks
 * that an anonymous visitor gets the answer written here.
 */
export type Access =
  | "public" // anyone, signed in or not
  | "anonymous" // signed-out people; signed-in visitors are sent on
  | "onboarding" // only until the first administrator exists, then 404
  | "user" // signed-in users
  | { permission: PermissionKey };

export interface RouteEntry {
  /** An example URL of the route, for tests. */
  path: string;
  methods: ReadonlyArray<"GET" | "POST">;
  access: Access;
  purpose: string;
}

export const ROUTE_TABLE: Readonly<Record<string, RouteEntry>> = {
  root: { path: "/", methods: ["GET"], access: "public", purpose: "Layout, header with the signed-in user" },
  "routes/_index": { path: "/", methods: ["GET"], access: "user", purpose: "Home" },
  "routes/init": { path: "/init", methods: ["GET", "POST"], access: "onboarding", purpose: "Create the first administrator" },
  "routes/auth.login": { path: "/auth/login", methods: ["GET", "POST"], access: "anonymous", purpose: "Password sign-in" },
  "routes/api.auth.signin": { path: "/api/auth/signin", methods: ["GET"], access: "public", purpose: "Seed endpoint: to the login page" },
  "routes/api.auth.signout": { path: "/api/auth/signout", methods: ["GET", "POST"], access: "public", purpose: "Sign out (POST)" },
  "routes/api.auth.session": { path: "/api/auth/session", methods: ["GET"], access: "public", purpose: "The session as JSON, or null" },
  "routes/api.health": { path: "/api/health", methods: ["GET"], access: "public", purpose: "Health check with database round trip" },
  "routes/$": { path: "/no-such-page", methods: ["GET"], access: "public", purpose: "404 for unknown paths" },
};
