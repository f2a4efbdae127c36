-- Boards (dashboards), their items, and who may see or change them.

create table boards (
  id uuid primary key default gen_random_uuid(),
  -- URL-safe and lowercase, so one board has one address.
  name text not null,
  title text not null,
  is_public boolean not null default false,
  creator_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint boards_name_check check (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(name) <= 64),
  constraint boards_title_length_check check (char_length(title) between 1 and 100)
);
create unique index boards_name_key on boards (name);
create index boards_creator_id_idx on boards (creator_id);
-- Guests and "view because public" read only these.
create index boards_public_name_idx on boards (name) where is_public;

create table board_items (
  id uuid primary key default gen_random_uuid(),
  board_id uuid not null references boards (id) on delete cascade,
  position integer not null,
  kind text not null,
  title text,
  url text,
  icon_url text,
  new_tab boolean not null default false,
  body text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint board_items_kind_check check (kind in ('app', 'note')),
  constraint board_items_app_check check (kind <> 'app' or (title is not null and url is not null)),
  constraint board_items_note_check check (kind <> 'note' or body is not null)
);
create index board_items_board_id_idx on board_items (board_id, position);

create table board_user_permissions (
  board_id uuid not null references boards (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  level text not null,
  constraint board_user_permissions_pkey primary key (board_id, user_id),
  constraint board_user_permissions_level_check check (level in ('view', 'modify', 'full'))
);
create index board_user_permissions_user_id_idx on board_user_permissions (user_id);

create table board_group_permissions (
  board_id uuid not null references boards (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  level text not null,
  constraint board_group_permissions_pkey primary key (board_id, group_id),
  constraint board_group_permissions_level_check check (level in ('view', 'modify', 'full'))
);
create index board_group_permissions_group_id_idx on board_group_permissions (group_id);

-- Home boards: a person's own choice, else their first group's (groups.position orders them).
alter table users add column home_board_id uuid references boards (id) on delete set null;
alter table groups add column home_board_id uuid references boards (id) on delete set null;
