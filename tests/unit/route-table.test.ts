import { describe, expect, it } from "vitest";
import { ROUTE_TABLE } from "~/routes.table";
import { expectsJson } from "~/server/request-gate.server";

// Remix's flat routes: each module under app/routes is a route whose id is "routes/<file name>".
const modules = import.meta.glob("../../app/routes/*.{ts,tsx}");
const routeIds = ["root", ...Object.keys(modules).map((file) => `routes/${file.replace(/^.*\/routes\//, "").replace(/\.(ts|tsx)$/, "")}`)];

describe("route table", () => {
  it("lists every route the app has", () => {
    const missing = routeIds.filter((id) => !(id in ROUTE_TABLE));
    expect(missing, `add these routes to app/routes.table.ts with who may use them`).toEqual([]);
  });
  it("lists no route the app lacks", () => {
    const stale = Object.keys(ROUTE_TABLE).filter((id) => !routeIds.includes(id));
    expect(stale).toEqual([]);
  });
  it("agrees with the request gate on which writes are JSON (api) and which are forms", () => {
    const writes = Object.entries(ROUTE_TABLE).filter(([, e]) => e.methods.some((m) => m !== "GET"));
    expect(writes.filter(([, e]) => expectsJson(e.path) !== Boolean(e.api)).map(([id]) => id)).toEqual([]);
  });
});
