-- Signing in on a TV or kiosk with a code (issue #22 part 3, ADR 039). The TV asks: it gets a cookie
-- (`<id>.<secret>`, only the secret's SHA-256 kept) and shows a short code derived from that secret
-- (only the code's SHA-256 kept). A signed-in person enters the code on /activate and approves; the
-- TV, still holding the cookie, then gets its own session, once. Without the cookie the code is
-- worth nothing to anyone else.
create table device_sign_ins (
  id text primary key,
  secret_hash bytea not null,
  code_hash bytea not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- The approval: who, from which of their sessions (it ends with that session), keep-signed-in.
  approved_by uuid references users (id) on delete cascade,
  approver_session_id text references sessions (id) on delete cascade,
  approved_at timestamptz,
  approved_from text,
  remember boolean not null default false,
  denied_at timestamptz,
  used_at timestamptz,
  constraint device_sign_ins_code_hash_key unique (code_hash),
  constraint device_sign_ins_secret_hash_length_check check (octet_length(secret_hash) = 32),
  constraint device_sign_ins_one_answer check (approved_at is null or denied_at is null),
  constraint device_sign_ins_approval_whole check ((approved_at is null) = (approved_by is null))
);
create index device_sign_ins_expires_at_idx on device_sign_ins (expires_at);

-- A session a TV got this way says which device approved it (Settings → Sessions: "Approved from …").
alter table sessions add column approved_from text;
