import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, LinkButton, PageHeader, Pagination, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { listUsers, USERS_PAGE_SIZE } from "~/models/manage-users.server";
import { pageParam } from "~/utils/query-values";

export const meta: MetaFunction = () => [{ title: "Users · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const page = pageParam(params);
  const { rows, total } = await listUsers(getSql(), { q: q || undefined, page });
  return { q, page, pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)), total, users: rows };
}

export default function UsersPage() {
  const { q, page, pageCount, total, users } = useLoaderData<typeof loader>();
  const href = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <div className="space-y-4">
      <PageHeader title="Users">
        <Link to="/manage/users/inactive" className="self-center text-sm underline">
          Inactive people
        </Link>
        <LinkButton to="/manage/users/new">Add user</LinkButton>
      </PageHeader>
      <Form method="get" className="flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search users
        </label>
        <input
          id="q"
          name="q"
          type="search"
          autoComplete="off"
          defaultValue={q}
          placeholder="Search by name or email"
          className="w-full max-w-sm rounded border border-slate-300 px-3 py-1.5"
        />
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
          Search
        </button>
      </Form>
      <p className="text-sm text-slate-600">
        {total} {total === 1 ? "user" : "users"}
        {q ? " match your search" : ""}
      </p>
      {users.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">
          {q ? "Nobody matches that search." : "No users yet."}
        </p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-2 pr-3">Username</th>
                <th className="py-2 pr-3">Display name</th>
                <th className="py-2 pr-3">Email</th>
                <th className="py-2 pr-3">Provider</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2 pr-3">Groups</th>
                <th className="py-2 pr-3">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3">
                    <Link to={`/manage/users/${u.id}`} className="font-medium text-blue-800 underline">
                      {u.username}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">{u.displayName}</td>
                  <td className="py-2 pr-3">{u.email}</td>
                  <td className="py-2 pr-3">{u.provider}</td>
                  <td className="py-2 pr-3">{u.status === "active" ? "Active" : "Inactive"}</td>
                  <td className="py-2 pr-3">{u.groups.join(", ")}</td>
                  <td className="py-2 pr-3">{formatDate(u.lastSignInAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <Pagination page={page} pageCount={pageCount} href={href} />
    </div>
  );
}
