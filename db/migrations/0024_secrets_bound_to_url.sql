-- Each integration secret is bound to the exact URL it was entered for, not just its origin: another path
-- or query on the same host (an endpoint that echoes headers, read through a JSON widget) would show it
-- to whoever may change the URL (attack11). Porch's requests go to the integration's URL exactly, so the
-- binding is that string.
alter table integration_secrets rename column origin to url;

-- Existing rows were bound to their integration's current origin (older ones were dropped or never sent):
-- they now belong to the current URL. A row whose origin isn't the URL's start is dropped: it was never sent.
delete from integration_secrets s
 using integrations i
 where i.id = s.integration_id
   and not (left(lower(i.url), length(s.url)) = lower(s.url)
            and substr(i.url, length(s.url) + 1, 1) in ('', '/', '?', '#'));
update integration_secrets s set url = i.url from integrations i where i.id = s.integration_id;
