-- A person's choice of light or dark pages (issue #19, accessibility); null follows the device's setting.
alter table users add column theme text constraint users_theme_check check (theme in ('light', 'dark'));
