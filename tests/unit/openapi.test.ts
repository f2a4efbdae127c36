import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "~/api/endpoints";
import { openApiDocument } from "~/api/openapi";
import { ROUTE_TABLE } from "~/routes.table";

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument("http://localhost:3000") as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every /api route and method in the route table, and nothing else", () => {
    const documented = new Set(ENDPOINTS.map((e) => `${e.route} ${e.method.toUpperCase()}`));
    const routed = Object.entries(ROUTE_TABLE)
      .filter(([, e]) => e.path.startsWith("/api/"))
      .flatMap(([id, e]) => e.methods.map((m) => `${id} ${m}`));
    expect(
      routed.filter((r) => !documented.has(r)),
      "add these to app/api/endpoints.ts",
    ).toEqual([]);
    expect(
      [...documented].filter((d) => !routed.includes(d)),
      "documented but not routed",
    ).toEqual([]);
  });

  it("documents request bodies from the same schemas the routes validate with", () => {
    const doc = openApiDocument("http://x") as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties: object; required: string[] } }> } }>
      >;
    };
    const create = doc.paths["/api/boards"].post.requestBody!.content["application/json"].schema;
    expect(Object.keys(create.properties)).toEqual(["name", "title", "isPublic"]);
    expect(create.required).toEqual(["name", "title"]);
    const patchUser = doc.paths["/api/users/{id}"].patch.requestBody!.content["application/json"].schema;
    expect(Object.keys(patchUser.properties)).toContain("permissions");
  });
});
