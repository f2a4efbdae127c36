// The Manage area's sections and who may open each: read by the layout's loader only, so the list stays
// out of the pages' JavaScript (issue #18's budgets).
import type { NavSection } from "~/components/side-nav";
import type { PermissionKey } from "~/permissions/definitions";

/** Integrations are not listed: the header links to them for everyone (issue #19 item 8). */
const SECTIONS: Array<NavSection & { needs: PermissionKey; provider?: "ldap" | "oidc" }> = [
  {
    to: "/manage/users",
    label: "Users",
    needs: "admin",
    except: ["/manage/users/groups", "/manage/users/invites", "/manage/users/service-accounts"],
    group: "People",
  },
  { to: "/manage/users/service-accounts", label: "Service accounts", needs: "admin", group: "People" },
  { to: "/manage/users/groups", label: "Groups", needs: "admin", group: "People" },
  { to: "/manage/users/invites", label: "Invites", needs: "admin", group: "People" },
  { to: "/manage/tools/ldap", label: "LDAP", needs: "admin", provider: "ldap", group: "Sign-in" },
  { to: "/manage/tools/oidc", label: "OpenID Connect", needs: "admin", provider: "oidc", group: "Sign-in" },
  { to: "/manage/apps", label: "Protected apps", needs: "app-protect", group: "Server" },
  { to: "/manage/tools/logs", label: "Logs", needs: "other-view-logs", group: "Server" },
  { to: "/manage/tools/api", label: "API keys", needs: "admin", group: "Server" },
  { to: "/manage/webhooks", label: "Webhooks", needs: "admin", group: "Server" },
  { to: "/manage/settings", label: "Settings", needs: "admin", group: "Server" },
];

/** The sections someone holding `has` may open, with only the sign-in providers that are on. */
export function manageSections(has: (p: PermissionKey) => boolean, providers: readonly string[]): NavSection[] {
  return SECTIONS.filter((s) => has(s.needs) && (!s.provider || providers.includes(s.provider))).map(
    ({ needs: _, provider: __, ...s }) => s,
  );
}
