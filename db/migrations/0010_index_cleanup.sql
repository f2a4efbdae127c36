-- 0002 added an index on users.created_at that no query uses: it only cost writes.
drop index if exists users_created_at_idx;

-- Every request's session check asks whether any group requires two-factor sign-in; few do.
create index groups_require_2fa_idx on groups (id) where require_2fa;
