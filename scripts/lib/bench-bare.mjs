// The limit to compare Porch with: a bare node:http server running the board list's statement for a fixed
// user with postgres.js, with no session, key, guard or rendering. Started by the bench as a process. The
// statement is Porch's own (listVisibleBoards from the build, the keyset query issue #18's list rows asked
// for), so the ratio measures what Porch adds around it, not two different queries.
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";

const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
const { listVisibleBoards } = build.entry.module;
const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const subject = { signedIn: true, userId: process.env.BENCH_USER_ID, permissions: new Set(), guestsAllowed: false };
const server = createServer(async (_req, res) => {
  const { boards } = await listVisibleBoards(sql, subject, { limit: 100 });
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(boards.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, rank: b.rank }))));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
