// Bench data, made quickly with set-based inserts (generate_series): users, groups with members, boards
// with rows for users and groups, an admin with a session and an API key, and (optionally) audit rows.
import { createHash, randomBytes } from "node:crypto";

const base32 = (bytes) => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
};
const sha256 = (text) => createHash("sha256").update(text).digest();

/** Users and groups: `users` people, `groups` groups, every person in `perUser` groups. */
export async function seedPeople(sql, { users = 10_000, groups = 1_000, perUser = 20 } = {}) {
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"bench"') on conflict do nothing`;
  await sql`
    insert into users (username, email, password_hash)
    select 'bench-user-' || i, 'user' || i || '@bench.test', null from generate_series(1, ${users}) i
    on conflict do nothing`;
  await sql`insert into groups (name, position) select 'bench-group-' || i, i + 10 from generate_series(1, ${groups}) i on conflict do nothing`;
  await sql`
    with u as (select id, row_number() over (order by username) as n from users where username like 'bench-user-%'),
         g as (select id, row_number() over (order by name) - 1 as k from groups where name like 'bench-group-%')
    insert into group_members (group_id, user_id)
    select g.id, u.id from u cross join generate_series(0, ${perUser - 1}) j join g on g.k = (u.n * 7 + j * 53) % ${groups}
    on conflict do nothing`;
  await sql`insert into group_members (group_id, user_id) select (select id from groups where name = 'everyone'), id from users on conflict do nothing`;
  await sql.unsafe("analyze users; analyze groups; analyze group_members");
}

/**
 * `count` boards named bench-board-<i>: every 10th public, each with a user row and two group rows
 * (so lists must really filter), and 12 items (6 apps, 6 notes) on the public board the bench reads, as issue #18 measures.
 */
export async function seedBoards(sql, count) {
  await sql`delete from boards where name like 'bench-board-%'`;
  await sql`
    insert into boards (name, title, is_public, creator_id)
    select 'bench-board-' || i, 'Bench board ' || i, i % 10 = 0, u.id
      from generate_series(1, ${count}) i left join users u on u.username = 'bench-user-' || (1 + i % 10000)`;
  await sql`
    insert into board_user_permissions (board_id, user_id, level)
    select b.id, u.id, (array['view', 'modify', 'full'])[1 + (b.n % 3)]
      from (select id, row_number() over () as n from boards where name like 'bench-board-%') b
      join users u on u.username = 'bench-user-' || (1 + (b.n * 13) % 10000)
    on conflict do nothing`;
  await sql`
    insert into board_group_permissions (board_id, group_id, level)
    select b.id, g.id, 'view'
      from (select id, row_number() over () as n from boards where name like 'bench-board-%') b
      join groups g on g.name in ('bench-group-' || (1 + (b.n * 3) % 1000), 'bench-group-' || (1 + (b.n * 11) % 1000))
    on conflict do nothing`;
  await sql`
    insert into board_items (board_id, position, kind, title, url, body)
    select (select id from boards where name = 'bench-board-10'), i, case when i % 2 = 0 then 'app' else 'note' end,
           case when i % 2 = 0 then 'App ' || i end, case when i % 2 = 0 then 'https://app' || i || '.example' end,
           case when i % 2 = 1 then 'Note ' || i end
      from generate_series(1, 12) i`;
  await sql.unsafe("analyze boards; analyze board_user_permissions; analyze board_group_permissions");
}

/** `rows` audit rows over the past days. */
export async function seedAudit(sql, rows, actorId) {
  await sql`
    insert into audit_log (created_at, actor_type, actor_user_id, action, target_type, target_id, ip, user_agent, details)
    select now() - (i * interval '7 seconds'),
           case when i % 5 = 0 then 'anonymous' else 'user' end,
           case when i % 5 = 0 then null else ${actorId}::uuid end,
           (array['auth.sign-in', 'auth.sign-in.failed', 'user.profile-updated', 'group.member-added', 'access.denied'])[1 + i % 5],
           'user', (i % 1000)::text, '10.' || (i % 250) || '.' || (i % 7) || '.1', 'bench', jsonb_build_object('n', i)
      from generate_series(1, ${rows}) i`;
  await sql`analyze audit_log`;
}

/** A session cookie and an API key for a user (the plain values, as a browser or script holds them). */
export async function credentialsFor(sql, userId, { keyPermissions = [], actAsOwner = true } = {}) {
  const id = base32(randomBytes(20));
  const secret = base32(randomBytes(20));
  await sql`
    insert into sessions (id, secret_hash, user_id, remember, expires_at, max_expires_at)
    values (${id}, ${sha256(secret)}, ${userId}, true, now() + interval '1 day', now() + interval '1 day')`;
  const keyId = base32(randomBytes(10));
  const keySecret = base32(randomBytes(30));
  await sql`
    insert into api_keys (id, secret_hash, user_id, description, permissions, act_as_owner)
    values (${keyId}, ${sha256(keySecret)}, ${userId}, 'bench', ${keyPermissions}::text[], ${actAsOwner})`;
  return { cookie: `porch_session=${id}.${secret}`, apiKey: `porch_${keyId}_${keySecret}` };
}
