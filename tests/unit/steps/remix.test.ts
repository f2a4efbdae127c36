import { describe, expect, it } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { remixHandler } from "~/server/steps/remix.server";
import { fakeBuild } from "../../fixtures/remix-build";

const guestContext = () => ({
  actor: GUEST,
  client: { ip: null, userAgent: null },
  origin: "http://porch.test",
  requestId: "r",
  cspNonce: "n",
  notes: {},
});

describe("calling Remix", () => {
  it("runs the matching route with the pipeline's context as its load context", async () => {
    const build = fakeBuild({ "who/:name": { loader: ({ params, context }) => Response.json({ name: params.name, context }) } });
    const context = {
      actor: GUEST,
      client: { ip: "192.0.2.1", userAgent: null },
      origin: "http://porch.test",
      requestId: "r",
      cspNonce: "n",
      notes: {},
    };
    const response = await remixHandler(build, "production", build.table)(new Request("http://porch.test/who/ada"), context);
    // Plus the route guard's record of this call: which route, which method, and that it authorized.
    expect(await response.json()).toEqual({
      name: "ada",
      context: { ...context, route: { id: "routes/who/:name", method: "GET", authorized: true } },
    });
  });

  it("answers 404 for a path no route takes, and 500 for a loader that throws (handleError sees the error)", async () => {
    const failure = new Error("a bug");
    const build = fakeBuild({
      broken: {
        loader: () => {
          throw failure;
        },
      },
    });
    const remix = remixHandler(build, "production", build.table);
    expect((await remix(new Request("http://porch.test/nowhere"), guestContext())).status).toBe(404);
    expect((await remix(new Request("http://porch.test/broken"), guestContext())).status).toBe(500);
    expect(build.errors).toContain(failure);
  });
});

describe("a resource route called past Remix's router (forward auth's checks)", () => {
  const context = guestContext;

  it("is still the guarded loader: the route guard records the call, a thrown answer is the answer", async () => {
    const build = fakeBuild({
      check: { loader: ({ context }) => Response.json({ route: context.route }) },
      refuse: {
        loader: () => {
          throw new Response("no", { status: 403 });
        },
      },
      page: { loader: () => ({}), page: true },
    });
    const remix = remixHandler(build, "production", build.table);
    const check = remix.resource("routes/check")!;
    expect(await (await check(new Request("http://porch.test/check"), context())).json()).toEqual({
      route: { id: "routes/check", method: "GET", authorized: true },
    });
    expect((await remix.resource("routes/refuse")!(new Request("http://porch.test/refuse"), context())).status).toBe(403);
    // A page's loader answers data for Remix to render, and a route nobody declared has none.
    expect(remix.resource("routes/page")).toBeUndefined();
    expect(remix.resource("routes/nowhere")).toBeUndefined();
  });

  it("refuses to answer for a loader that never called authorize()", async () => {
    const build = fakeBuild({ sloppy: { loader: () => new Response("ok") } });
    // As a route written without authorize(): the fixture's wrapper, which stands for the call, removed.
    build.routes["routes/sloppy"].module = { loader: () => new Response("ok") } as never;
    const sloppy = remixHandler(build, "production", build.table).resource("routes/sloppy")!;
    await expect(sloppy(new Request("http://porch.test/sloppy"), context())).rejects.toThrow(/without calling authorize\(\) first/);
  });
});
