import { describe, expect, it } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { remixHandler } from "~/server/steps/remix.server";
import { fakeBuild } from "../../fixtures/remix-build";

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
    const context = {
      actor: GUEST,
      client: { ip: null, userAgent: null },
      origin: "http://porch.test",
      requestId: "r",
      cspNonce: "n",
      notes: {},
    };
    expect((await remix(new Request("http://porch.test/nowhere"), context)).status).toBe(404);
    expect((await remix(new Request("http://porch.test/broken"), context)).status).toBe(500);
    expect(build.errors).toContain(failure);
  });
});
