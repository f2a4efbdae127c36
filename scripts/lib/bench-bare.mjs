// The limit to compare Porch with: a bare node:http server running the board-list SELECT for a fixed
// user with postgres.js, with no session, key, guard or rendering. Started by the bench as a process.
import { createServer } from "node:http";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const userId = process.env.BENCH_USER_ID;
const server = createServer(async (_req, res) => {
  const rows = await sql`
    select b.name, b.title, b.is_public as "isPublic", max(v.rank) as rank from (
      select id as board_id, 3 as rank from boards where creator_id = ${userId}
      union all select board_id, array_position(array['view','modify','full'], level) from board_user_permissions where user_id = ${userId}
      union all select p.board_id, array_position(array['view','modify','full'], p.level) from board_group_permissions p
        where p.group_id in (select group_id from group_members where user_id = ${userId})
      union all select id, 1 from boards where is_public
    ) v join boards b on b.id = v.board_id group by b.id order by b.name limit 101`;
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(rows));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
