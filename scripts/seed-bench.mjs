// `npm run seed:bench`: fills DATABASE_URL (migrated) with bench data: 10 000 users, 1 000 groups (each
// user in 20), BENCH_BOARDS boards (default 10 000) with user and group rows. For trying things by hand;
// `npm run bench` seeds its own throw-away database.
import postgres from "postgres";
import { seedBoards, seedPeople } from "./lib/bench-seed.mjs";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to a migrated database (npm run cli -- migrate).");
  process.exit(2);
}
const sql = postgres(url, { max: 1, onnotice: () => {} });
const started = performance.now();
await seedPeople(sql);
await seedBoards(sql, Number(process.env.BENCH_BOARDS ?? 10_000));
await sql.end();
console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
