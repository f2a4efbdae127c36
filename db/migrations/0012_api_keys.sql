-- API keys: `porch_<id>_<secret>`; only the SHA-256 of the secret is kept.
create table api_keys (
  id text primary key,
  secret_hash bytea not null,
  user_id uuid not null references users (id) on delete cascade,
  description text not null,
  -- The global permissions chosen at creation; each request gets these ∩ the owner's current ones.
  permissions text[] not null default '{}',
  -- "Act on boards and integrations as me": the owner's own rows and creator rights count too.
  act_as_owner boolean not null default false,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  last_used_ip text,
  last_audited_at timestamptz,
  constraint api_keys_secret_hash_length_check check (octet_length(secret_hash) = 32),
  constraint api_keys_description_length_check check (char_length(description) between 1 and 200)
);
create index api_keys_user_id_idx on api_keys (user_id);
