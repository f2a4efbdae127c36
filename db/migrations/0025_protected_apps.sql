-- Protected apps (issue #20): an origin, optionally a path prefix, that Porch guards through the reverse
-- proxy's forward auth. Who may open one: anyone who may view a board with an app item linking there,
-- plus the rows below (users, groups), plus the `app-protect` permission (ADR 033).
create table protected_apps (
  id uuid primary key default gen_random_uuid(),
  -- `URL.origin`: lowercase scheme and host, no default port, no path.
  origin text not null,
  -- Normalized as app/permissions/app-address.ts does: starts with "/", no trailing slash but "/" itself.
  path_prefix text not null default '/',
  creator_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint protected_apps_origin_check check (origin ~ '^https?://[^/?#@[:space:]]+$' and char_length(origin) <= 300),
  constraint protected_apps_path_prefix_check check (
    path_prefix ~ '^/' and (path_prefix = '/' or path_prefix !~ '/$') and char_length(path_prefix) <= 300)
);
create unique index protected_apps_origin_prefix_key on protected_apps (origin, path_prefix);

create table protected_app_user_permissions (
  app_id uuid not null references protected_apps (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  level text not null default 'open',
  constraint protected_app_user_permissions_pkey primary key (app_id, user_id),
  constraint protected_app_user_permissions_level_check check (level in ('open'))
);
create index protected_app_user_permissions_user_id_idx on protected_app_user_permissions (user_id);

create table protected_app_group_permissions (
  app_id uuid not null references protected_apps (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  level text not null default 'open',
  constraint protected_app_group_permissions_pkey primary key (app_id, group_id),
  constraint protected_app_group_permissions_level_check check (level in ('open'))
);
create index protected_app_group_permissions_group_id_idx on protected_app_group_permissions (group_id);

-- Where each app item links, normalized as the forward-auth check normalizes the address it is asked
-- about, so "who sees a tile linking there" is an indexed equality on the origin. Written with the item.
alter table board_items add column app_origin text;
alter table board_items add column app_path text;
-- Existing items: the scheme and host lowercased, user info and a default port dropped. Saving an item
-- again normalizes the rest (dot segments, percent-encoding) as the app does.
update board_items
   set app_origin = regexp_replace(
         lower(substring(url from '^([A-Za-z][A-Za-z0-9+.-]*://)')) || lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]*)')),
         '^(https://[^/]*):443$|^(http://[^/]*):80$', '\1\2'),
       app_path = coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*(/[^?#]*)'), '/')
 where kind = 'app' and url ~* '^https?://';
create index board_items_app_origin_idx on board_items (app_origin) where kind = 'app';
