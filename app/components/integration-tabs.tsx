import { TabbedHeader } from "./tabbed-header";

export function IntegrationHeader({ integration }: { integration: { id: string; name: string } }) {
  const base = `/manage/integrations/${integration.id}`;
  return (
    <TabbedHeader
      title={integration.name}
      crumbs={[{ to: "/manage/integrations", label: "Integrations" }]}
      current={integration.name}
      label="Integration"
      tabs={[
        { to: base, label: "Settings", end: true },
        { to: `${base}/access`, label: "Access" },
      ]}
    />
  );
}
