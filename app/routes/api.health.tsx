import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";

/** For load balancers: 200 with the database round-trip time, 503 when the database is away. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.health");
  const started = performance.now();
  const headers = { "Cache-Control": "no-store" };
  try {
    await getSql()`select 1`;
    return Response.json({ status: "ok", databaseMs: Math.round((performance.now() - started) * 10) / 10 }, { headers });
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers });
  }
}
