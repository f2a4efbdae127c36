-- Integrations: connections to other services, their encrypted secrets, who may use them, and the
-- board widgets that show their data.
create table integrations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null,
  url text not null,
  creator_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The last "Re-check now" (an interact action): when, and what it found.
  last_checked_at timestamptz,
  last_check jsonb,
  constraint integrations_name_length_check check (char_length(name) between 1 and 100),
  constraint integrations_url_length_check check (char_length(url) between 1 and 2048)
);
create unique index integrations_name_lower_key on integrations (lower(name));
create index integrations_creator_id_idx on integrations (creator_id);

-- One row per secret field (token, apiKey, username, password): AES-256-GCM, never sent to a browser.
create table integration_secrets (
  integration_id uuid not null references integrations (id) on delete cascade,
  field text not null,
  value_encrypted bytea not null,
  updated_at timestamptz not null default now(),
  constraint integration_secrets_pkey primary key (integration_id, field)
);

create table integration_user_permissions (
  integration_id uuid not null references integrations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  level text not null,
  constraint integration_user_permissions_pkey primary key (integration_id, user_id),
  constraint integration_user_permissions_level_check check (level in ('use', 'interact', 'full'))
);
create index integration_user_permissions_user_id_idx on integration_user_permissions (user_id);

create table integration_group_permissions (
  integration_id uuid not null references integrations (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  level text not null,
  constraint integration_group_permissions_pkey primary key (integration_id, group_id),
  constraint integration_group_permissions_level_check check (level in ('use', 'interact', 'full'))
);
create index integration_group_permissions_group_id_idx on integration_group_permissions (group_id);

-- The integration widget: an item naming an integration (deleting the integration removes it),
-- with per-kind options such as the JSON field to show.
alter table board_items add column integration_id uuid references integrations (id) on delete cascade;
alter table board_items add column options jsonb not null default '{}'::jsonb;
alter table board_items drop constraint board_items_kind_check;
alter table board_items add constraint board_items_kind_check check (kind in ('app', 'note', 'integration'));
alter table board_items add constraint board_items_integration_check check (kind <> 'integration' or integration_id is not null);
create index board_items_integration_id_idx on board_items (integration_id);
