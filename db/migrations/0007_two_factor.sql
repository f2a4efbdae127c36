-- Two-factor sign-in (TOTP, RFC 6238). The secret is encrypted at rest (AES-256-GCM).
create table user_totp (
  user_id uuid primary key references users (id) on delete cascade,
  secret_encrypted bytea not null,
  enabled_at timestamptz,
  last_used_step bigint not null default 0,
  created_at timestamptz not null default now()
);

-- Single-use recovery codes, stored as SHA-256.
create table recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  used_at timestamptz,
  constraint recovery_codes_pkey primary key (user_id, code_hash)
);

-- Between the password and the code: a short-lived pending sign-in, not a session.
create table pending_sign_ins (
  id text primary key,
  secret_hash bytea not null,
  user_id uuid not null references users (id) on delete cascade,
  remember boolean not null,
  redirect_to text,
  expires_at timestamptz not null
);

-- Groups whose members must use two-factor sign-in.
alter table groups add column require_2fa boolean not null default false;
