import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { SideNavLayout, type NavSection } from "~/components/side-nav";
import { getConfig } from "~/config.server";
import { hasPermission } from "~/auth/actor.server";
import type { PermissionKey } from "~/permissions/definitions";

/** Integrations are not listed: the header links to them for everyone (issue #19 item 8). */
const SECTIONS: Array<NavSection & { needs: PermissionKey; provider?: "ldap" | "oidc" }> = [
  { to: "/manage/users", label: "Users", needs: "admin", except: ["/manage/users/groups", "/manage/users/invites"], group: "People" },
  { to: "/manage/users/groups", label: "Groups", needs: "admin", group: "People" },
  { to: "/manage/users/invites", label: "Invites", needs: "admin", group: "People" },
  { to: "/manage/tools/ldap", label: "LDAP", needs: "admin", provider: "ldap", group: "Sign-in" },
  { to: "/manage/tools/oidc", label: "OpenID Connect", needs: "admin", provider: "oidc", group: "Sign-in" },
  { to: "/manage/apps", label: "Protected apps", needs: "app-protect", group: "Server" },
  { to: "/manage/tools/logs", label: "Logs", needs: "other-view-logs", group: "Server" },
  { to: "/manage/tools/api", label: "API keys", needs: "admin", group: "Server" },
  { to: "/manage/settings", label: "Settings", needs: "admin", group: "Server" },
];

/** The Manage area's navigation: only the sections this user may open, of the features that are on (each page checks again). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage");
  return { sections: manageSections((p) => hasPermission(actor, p), getConfig().providers) };
}

/** The sections someone holding `has` may open, with only the sign-in providers that are on. */
export function manageSections(has: (p: PermissionKey) => boolean, providers: readonly string[]): NavSection[] {
  return SECTIONS.filter((s) => has(s.needs) && (!s.provider || providers.includes(s.provider))).map(
    ({ needs: _, provider: __, ...s }) => s,
  );
}

export default function ManageLayout() {
  const { sections } = useLoaderData<typeof loader>();
  return <SideNavLayout label="Manage" sections={sections} />;
}

/** A page of Manage refused (403) or missing (404): said beside the navigation, which stays. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/manage");
  if (!data) return <RouteError />;
  return (
    <SideNavLayout label="Manage" sections={data.sections}>
      <RouteError />
    </SideNavLayout>
  );
}
