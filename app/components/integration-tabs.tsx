import { Link, NavLink } from "@remix-run/react";
import { PageHeader } from "./ui";

export function IntegrationHeader({ integration }: { integration: { id: string; name: string } }) {
  const tab = ({ isActive }: { isActive: boolean }) => `rounded px-3 py-1.5 text-sm ${isActive ? "bg-slate-900 text-white" : "hover:bg-slate-200"}`;
  return (
    <>
      <PageHeader title={integration.name}>
        <Link to="/manage/integrations" className="px-2 py-1.5 text-sm underline">All integrations</Link>
      </PageHeader>
      <nav aria-label="Integration" className="-mt-3 flex gap-1">
        <NavLink to={`/manage/integrations/${integration.id}`} end className={tab}>Settings</NavLink>
        <NavLink to={`/manage/integrations/${integration.id}/access`} className={tab}>Access</NavLink>
      </nav>
    </>
  );
}
