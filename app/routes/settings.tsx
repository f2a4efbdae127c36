import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { RouteError } from "~/components/route-error";
import { SideNavLayout } from "~/components/side-nav";

const SECTIONS = [
  { to: "/settings", label: "My account", end: true },
  { to: "/settings/security", label: "Security" },
  { to: "/settings/sessions", label: "Sessions" },
  { to: "/settings/api-keys", label: "API keys" },
];

/** My account's navigation; each page guards itself too. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/settings");
  return null;
}

export default function SettingsLayout() {
  return <SideNavLayout label="My account" sections={SECTIONS} />;
}

/** A page of My account refused or failed: said beside the navigation, which stays. */
export function ErrorBoundary() {
  return (
    <SideNavLayout label="My account" sections={SECTIONS}>
      <RouteError />
    </SideNavLayout>
  );
}
