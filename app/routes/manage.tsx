import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { SideNavLayout } from "~/components/side-nav";
import { getConfig } from "~/config.server";
import { hasPermission } from "~/auth/actor.server";
import { manageSections } from "~/server/manage-sections.server";

/** The Manage area's navigation: only the sections this user may open, of the features that are on (each page checks again). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage");
  return { sections: manageSections((p) => hasPermission(actor, p), getConfig().providers) };
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
