import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/permissions/guards.server";

export const meta: MetaFunction = () => [{ title: "Porch" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  return {
    name: actor.user.displayName || actor.user.username,
    permissions: [...actor.permissions].sort(),
  };
}

export default function Home() {
  const { name, permissions } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Welcome, {name}</h1>
      <p className="text-slate-600">Your boards will appear here.</p>
      <section>
        <h2 className="text-sm font-medium uppercase tracking-wide text-slate-500">Your permissions</h2>
        {permissions.length ? (
          <ul className="mt-2 flex flex-wrap gap-2">
            {permissions.map((p) => (
              <li key={p} className="rounded bg-slate-200 px-2 py-0.5 text-sm">
                {p}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">None yet: an administrator can grant them.</p>
        )}
      </section>
    </div>
  );
}
