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

// The route table is what enforces access: each loader and action asks authorize() for its own entry
// before anything else (the route guard also refuses, at run time, one that answers without asking).
const sources = import.meta.glob("../../app/routes/*.{ts,tsx}", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const rootSource = import.meta.glob("../../app/root.tsx", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("every loader and action", () => {
  const all = { ...sources, ...rootSource };
  for (const [file, text] of Object.entries(all)) {
    const id = file.endsWith("/root.tsx") ? "root" : `routes/${file.replace(/^.*\/routes\//, "").replace(/\.(ts|tsx)$/, "")}`;
    it(`${id}: starts with authorize(args, "${id}")`, () => {
      // The first statement after the opening brace, comment lines skipped.
      const functions = [
        ...text.matchAll(/export (?:async )?function (loader|action)\(([^)]*)\)[^{]*\{\s*\n(?:\s*\/\/[^\n]*\n)*([^\n]*)/g),
      ];
      const bad = functions
        // Options (what to load with a board, `{ items: true }`) may follow the id.
        .filter(([, , , first]) => ![")", ", {"].some((end) => first.includes(`await authorize(args, ${JSON.stringify(id)}${end}`)))
        .map(([, kind]) => kind);
      expect(bad, "the first line must be authorize(args, <its own route id>)").toEqual([]);
      // No other way to export one (an arrow function would slip past the check above).
      expect(text).not.toMatch(/export (const|let) (loader|action)\b/);
      expect(text, "refusals are thrown as Refusal, never built by hand").not.toMatch(
        /redirect\(loginRedirectFor|getActor\(|require(User|Permission|Anonymous|BoardAccess|IntegrationAccess)\(/,
      );
    });
  }
});

// A GET to a route with only an action reaches Remix, which answers it as an error of its own (a 400
// "Unexpected Server Error", attack40): each such route has a loader asking authorize(), which says 405.
describe("routes that take no GET", () => {
  for (const [id, entry] of Object.entries(ROUTE_TABLE).filter(([, e]) => !e.methods.includes("GET"))) {
    it(`${id}: has a loader, so a GET gets 405 and Allow`, () => {
      const text = Object.entries(sources).find(([file]) => file.endsWith(`/${id.replace(/^routes\//, "")}.tsx`))?.[1] ?? "";
      expect(text).toMatch(/export async function loader\(/);
      expect(entry.methods).not.toContain("GET");
    });
  }
});

// Sensitive actions (issue #21): each intent the table names is one the route's action handles, so a
// renamed form can't silently fall out of the list (and then ask for no proof).
describe("sensitive actions", () => {
  const listed = Object.entries(ROUTE_TABLE).flatMap(([id, e]) => (e.sensitive ?? []).map((s) => ({ id, ...s })));
  it("are listed for the actions issue #21 names", () => {
    expect(listed.length).toBeGreaterThan(12);
  });
  for (const s of listed) {
    it(`${s.id}: ${s.method}${s.intent ? ` ${s.intent}` : ""} is a method it takes${s.intent ? ", and an intent its action handles" : ""}`, () => {
      const entry = ROUTE_TABLE[s.id];
      expect(entry.methods).toContain(s.method);
      if (!s.intent) return;
      const text = Object.entries(sources).find(([file]) => file.endsWith(`/${s.id.replace(/^routes\//, "")}.tsx`))?.[1] ?? "";
      expect(text.includes(`"${s.intent}"`) || new RegExp(`\\b${s.intent}[:,]`).test(text)).toBe(true);
    });
  }
});
