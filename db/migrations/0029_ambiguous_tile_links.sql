-- A tile whose link's path reads two ways (an encoded / or \) counts for no protected app (attack21):
-- read with it as a separator it may fall under a narrow prefix, read as written under a wider one.
-- New and saved tiles get no app_path for such links (boards.server.ts, linkOf); these are the older ones.
update board_items set app_path = null where kind = 'app' and app_path ~* '%(2f|5c)';
