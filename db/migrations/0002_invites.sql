-- One-time invitation links. Only the SHA-256 of the token is kept.
create table invites (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users (id) on delete set null,
  constraint invites_token_hash_key unique (token_hash),
  constraint invites_token_hash_length_check check (octet_length(token_hash) = 32)
);
create index invites_created_at_idx on invites (created_at desc);

-- Search on the users page: prefix and substring matches on these stay cheap for thousands of rows.
create index users_created_at_idx on users (created_at);
