/** Says that what the page shows is decided by the provisioning file (ADR 044), and where to change it. */
export function ManagedNote({ what }: { what: string }) {
  return (
    <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
      {what} {what.startsWith("These") ? "are" : "is"} managed by the provisioning file (<code>PORCH_PROVISION_FILE</code>): change{" "}
      {what.startsWith("These") ? "them" : "it"} there, then run <code>npm run cli -- provision</code> (or restart Porch).
    </p>
  );
}

/** Forms the provisioning file decides, shown but not usable (the models refuse such changes anyway). */
export function Locked({ on, children }: { on: boolean; children: React.ReactNode }) {
  if (!on) return <>{children}</>;
  return (
    <fieldset disabled className="m-0 min-w-0 space-y-6 border-0 p-0">
      {children}
    </fieldset>
  );
}
