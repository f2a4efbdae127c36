-- Users, groups, permissions, sessions and the audit log: the skeleton every later feature stands on.

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  email text,
  display_name text,
  avatar_url text,
  password_hash text,
  provider text not null default 'credentials',
  status text not null default 'active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  constraint users_provider_check check (provider in ('credentials', 'ldap', 'oidc')),
  constraint users_status_check check (status in ('active', 'inactive')),
  constraint users_username_length_check check (char_length(username) between 1 and 64)
);
-- Usernames are unique whatever their case: "Alice" and "alice" are one person.
create unique index users_username_lower_key on users (lower(username));

create table groups (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index groups_name_lower_key on groups (lower(name));

-- The reserved group: every signed-in user is in it.
insert into groups (name, description, position) values ('everyone', 'Every signed-in user', 0);

create table group_members (
  group_id uuid not null references groups (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint group_members_pkey primary key (group_id, user_id)
);
create index group_members_user_id_idx on group_members (user_id);

create table group_permissions (
  group_id uuid not null references groups (id) on delete cascade,
  permission text not null,
  constraint group_permissions_pkey primary key (group_id, permission)
);

create table user_permissions (
  user_id uuid not null references users (id) on delete cascade,
  permission text not null,
  constraint user_permissions_pkey primary key (user_id, permission)
);

-- Only the SHA-256 of a session's secret is kept: a leaked table yields no usable token.
create table sessions (
  id text primary key,
  secret_hash bytea not null,
  user_id uuid not null references users (id) on delete cascade,
  remember boolean not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  max_expires_at timestamptz not null,
  ip text,
  user_agent text,
  constraint sessions_secret_hash_length_check check (octet_length(secret_hash) = 32)
);
create index sessions_user_id_idx on sessions (user_id);
create index sessions_expires_at_idx on sessions (expires_at);

create table audit_log (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  actor_type text not null default 'anonymous',
  actor_user_id uuid references users (id) on delete set null,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  user_agent text,
  details jsonb not null default '{}'::jsonb,
  constraint audit_log_actor_type_check check (actor_type in ('user', 'api-key', 'anonymous', 'system'))
);
create index audit_log_created_at_idx on audit_log (created_at desc, id desc);
create index audit_log_actor_user_id_idx on audit_log (actor_user_id);

-- Instance-wide facts such as "onboarding done", one row per key.
create table server_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
