import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { SideNavLayout } from "~/components/side-nav";
import { hasPermission } from "~/auth/actor.server";
import type { PermissionKey } from "~/permissions/definitions";

const SECTIONS: Array<{ to: string; label: string; needs: PermissionKey | null; end?: boolean }> = [
  { to: "/manage/integrations", label: "Integrations", needs: null },
  { to: "/manage/users", label: "Users", needs: "admin", end: true },
  { to: "/manage/users/groups", label: "Groups", needs: "admin" },
  { to: "/manage/users/invites", label: "Invites", needs: "admin" },
  { to: "/manage/tools/logs", label: "Logs", needs: "other-view-logs" },
  { to: "/manage/tools/ldap", label: "LDAP", needs: "admin" },
  { to: "/manage/tools/api", label: "API keys", needs: "admin" },
  { to: "/manage/tools/oidc", label: "OpenID Connect", needs: "admin" },
  { to: "/manage/settings", label: "Settings", needs: "admin" },
];

/** The Manage area's navigation: only the sections this user may open (each page checks again). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage");
  return { sections: SECTIONS.filter((s) => s.needs === null || hasPermission(actor, s.needs)).map(({ needs: _, ...s }) => s) };
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
