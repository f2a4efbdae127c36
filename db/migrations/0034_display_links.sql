-- Display links (issue #22): an unguessable URL that shows one board read-only without signing in, for
-- a wall tablet or a TV. Only the token's SHA-256 is kept, like sessions'. A link works while it hasn't
-- expired and its creator is active and still has full access to the board (checked on every request;
-- a link found without them is deleted). One made with an API key ends with the key (attack33).
create table display_links (
  id uuid primary key default gen_random_uuid(),
  board_id uuid not null references boards (id) on delete cascade,
  token_hash bytea not null,
  name text not null,
  created_by uuid not null references users (id) on delete cascade,
  api_key_id text references api_keys (id) on delete cascade,
  -- Widgets show data as their creator, re-checked on every request (their `use` on each integration).
  widgets_as_creator boolean not null default false,
  refresh_seconds integer not null default 300 constraint display_links_refresh_check check (refresh_seconds between 30 and 3600),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  last_used_ip text,
  last_audited_at timestamptz,
  -- Loads in the current minute (attack33: each load with widget data calls the integrations as the maker).
  load_window timestamptz,
  loads integer not null default 0,
  constraint display_links_token_hash_key unique (token_hash)
);
create index display_links_board_id_idx on display_links (board_id, created_at);

-- A maker deactivated, by whoever or whatever (an admin, the directory, the API): their links end at
-- once, not on their next load (attack34: reactivated before then, they would have worked again).
create function porch_display_links_end_with_maker() returns trigger language plpgsql as $$
begin
  insert into audit_log (actor_type, action, target_type, target_id, details)
    select 'system', 'display-link.ended', 'board', l.board_id::text,
           jsonb_build_object('link', l.id, 'name', l.name, 'reason', 'maker inactive')
      from display_links l where l.created_by = new.id;
  delete from display_links where created_by = new.id;
  return null;
end $$;
create trigger display_links_end_with_maker after update of status on users
  for each row when (old.status = 'active' and new.status <> 'active') execute function porch_display_links_end_with_maker();
