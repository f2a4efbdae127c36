import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { NewUserIn } from "~/api/schemas";
import { userJson } from "~/api/users.server";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { createManagedUser, getUserDetail, listUsers, USERS_PAGE_SIZE, UsernameTakenError } from "~/models/manage-users.server";
import { jsonError, readJson } from "~/api/json.server";
import { pageParam } from "~/utils/query-values";

/** GET /api/users?q=&page= (admin): 50 per page. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.users._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const page = pageParam(params);
  const { rows, total } = await listUsers(getSql(), { q: q || undefined, page });
  return Response.json({
    users: rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      email: u.email,
      provider: u.provider,
      status: u.status,
      createdAt: u.createdAt,
      lastSignInAt: u.lastSignInAt,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
  });
}

/** POST /api/users (admin): a password account, in the given groups (and `everyone`). */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.users._index");
  const { context, request } = args;
  const input = await readJson(request, NewUserIn);
  const problems = await passwordProblems(input.password, { username: input.username });
  if (problems.length) return jsonError(400, `password: ${problems.join(" ")}`);
  try {
    const id = await createManagedUser(getSql(), auditActorFrom(context), {
      username: input.username,
      email: input.email ?? undefined,
      displayName: input.displayName ?? undefined,
      passwordHash: await hashPassword(input.password),
      groupIds: input.groupIds,
    });
    return Response.json(userJson((await getUserDetail(getSql(), id))!), { status: 201, headers: { Location: `/api/users/${id}` } });
  } catch (error) {
    if (error instanceof UsernameTakenError) return jsonError(409, error.message);
    throw error;
  }
}
