import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useLoaderData } from "@remix-run/react";
import { ENDPOINTS } from "~/api/endpoints";
import { openApiDocument } from "~/api/openapi";
import { PageHeader, Section, TableBox } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "API · Porch" }];

type Json = Record<string, unknown>;

/** The request body's fields, flattened for reading: name, type, required. */
function fieldsOf(schema: Json | undefined): Array<{ name: string; type: string; required: boolean; note: string }> {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => {
    const anyOf = (p.anyOf ?? p.oneOf) as Json[] | undefined;
    const type = p.enum
      ? (p.enum as string[]).join(" | ")
      : anyOf
        ? anyOf.map((a) => (a.type as string) ?? "object").join(" | ")
        : String(p.type ?? "object");
    const note = [
      p.minLength !== undefined ? `≥ ${p.minLength} chars` : "",
      p.maxLength !== undefined ? `≤ ${p.maxLength} chars` : "",
      p.format ? String(p.format) : "",
    ]
      .filter(Boolean)
      .join(", ");
    return { name, type, required: required.has(name), note };
  });
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.docs");
  const { context } = args;
  const doc = openApiDocument(context.origin) as { paths: Record<string, Record<string, Json>> };
  return {
    endpoints: ENDPOINTS.map((e) => {
      const op = doc.paths[e.path][e.method];
      const body = (op.requestBody as { content: { "application/json": { schema: Json } } } | undefined)?.content["application/json"]
        .schema;
      return {
        method: e.method.toUpperCase(),
        path: e.path,
        summary: e.summary,
        access: e.access,
        query: e.query ?? {},
        fields: fieldsOf(body),
        responses: Object.entries(e.responses).map(([status, r]) => `${status}: ${r.description}`),
      };
    }),
  };
}

export default function ApiDocsPage() {
  const { endpoints } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageHeader title="Porch JSON API" />
      <p className="text-sm text-slate-600">
        Create a key in My account → API keys, then <code>curl -H "Authorization: Bearer porch_…" {"<server>"}/api/me</code>. The
        machine-readable description is{" "}
        <a href="/api/openapi.json" className="underline">
          /api/openapi.json
        </a>{" "}
        (OpenAPI 3.1).
      </p>
      {endpoints.map((e) => (
        <Section key={`${e.method} ${e.path}`} title={`${e.method} ${e.path}`}>
          <p className="text-sm">
            {e.summary}. <span className="text-slate-600">Who: {e.access}.</span>
          </p>
          {Object.keys(e.query).length ? (
            <p className="text-sm">
              Query:{" "}
              {Object.entries(e.query)
                .map(([k, d]) => `${k} (${d})`)
                .join("; ")}
            </p>
          ) : null}
          {e.fields.length ? (
            <TableBox>
              <table className="text-left text-sm">
                <thead className="text-slate-500">
                  <tr>
                    <th className="pr-4">Field</th>
                    <th className="pr-4">Type</th>
                    <th>Notes</th>
                  </tr>
                </thead>
                <tbody>
                  {e.fields.map((f) => (
                    <tr key={f.name}>
                      <td className="pr-4 font-mono">
                        {f.name}
                        {f.required ? "" : "?"}
                      </td>
                      <td className="pr-4">{f.type}</td>
                      <td>{f.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          ) : null}
          <ul className="text-xs text-slate-600">
            {e.responses.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Section>
      ))}
    </div>
  );
}
