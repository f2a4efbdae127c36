-- One-time password reset links. Only the SHA-256 of the token is kept.
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint password_resets_token_hash_key unique (token_hash),
  constraint password_resets_token_hash_length_check check (octet_length(token_hash) = 32)
);
create index password_resets_user_id_idx on password_resets (user_id);
