-- Each integration secret is bound to the origin (scheme://host[:port]) it was entered for: Porch sends
-- it to that origin only, and moving an integration's URL to another origin drops it.
alter table integration_secrets add column origin text;

-- Existing secrets were entered for their integration's current URL. This spells the origin as the
-- WHATWG parser does for ordinary URLs (lower case, no user info, no default port); a URL it spells
-- differently (an internationalised host name, say) leaves its secrets unsent until typed again.
update integration_secrets s
   set origin = o.origin
  from (
    select id,
           regexp_replace(
             regexp_replace(
               lower(substring(url from '^([A-Za-z][A-Za-z0-9+.-]*://)'))
                 || lower(coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#\\]*@)?([^/?#\\]*)'), '')),
               '^(http://.*):80$|^(https://.*):443$', '\1\2'),
             ':$', '') as origin
      from integrations
  ) o
 where o.id = s.integration_id;

alter table integration_secrets alter column origin set not null;
