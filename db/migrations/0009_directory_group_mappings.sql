-- An admin can map a local group to directory groups whose names differ ("Directory groups" on its page).
create table group_directory_mappings (
  group_id uuid not null references groups (id) on delete cascade,
  provider text not null default 'ldap',
  directory_group text not null,
  constraint group_directory_mappings_provider_check check (provider in ('ldap', 'oidc'))
);
create unique index group_directory_mappings_key on group_directory_mappings (group_id, provider, lower(directory_group));
create index group_directory_mappings_name_idx on group_directory_mappings (provider, lower(directory_group));
