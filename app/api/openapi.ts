import { toJsonSchema } from "@valibot/to-json-schema";
import type { GenericSchema } from "valibot";
import { ENDPOINTS } from "./endpoints";

type Json = Record<string, unknown>;

function schemaOf(schema: GenericSchema, mode: "input" | "output"): Json {
  const { $schema: _, ...json } = toJsonSchema(schema, { target: "draft-2020-12", typeMode: mode, errorMode: "ignore" }) as Json;
  return json;
}

/** The OpenAPI 3.1 document, generated from ENDPOINTS and the valibot schemas the routes validate with. */
export function openApiDocument(serverUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const e of ENDPOINTS) {
    const parameters = [
      ...[...e.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...Object.entries(e.query ?? {}).map(([name, description]) => ({
        name,
        in: "query",
        required: false,
        description,
        schema: { type: "string" },
      })),
    ];
    (paths[e.path] ??= {})[e.method] = {
      operationId: `${e.method}${e.path.replace(/[^a-zA-Z0-9]+(\w?)/g, (_, c: string) => c.toUpperCase())}`,
      summary: e.summary,
      description: `Who may call it: ${e.access}.`,
      ...(e.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(e.body, "input") } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(e.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema ? { content: { "application/json": { schema: schemaOf(r.schema, "output") } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Porch API",
      version: "1",
      description:
        "Send an API key as `Authorization: Bearer porch_<id>_<secret>` (or an `ApiKey` header). A key acts as its owner with the " +
        'key\'s permissions intersected with the owner\'s current ones. Errors are `{ "error": "…" }`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: porch_<id>_<secret>" },
        apiKeyHeader: { type: "apiKey", in: "header", name: "ApiKey", description: "The same key, Homarr's way" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "porch_session",
          description: "The browser's session (named __Host-porch_session when the server uses Secure cookies, i.e. over https)",
        },
      },
    },
    security: [{ bearer: [] }, { apiKeyHeader: [] }, { session: [] }],
    paths,
  };
}
