-- Anonymous reports of suspect products, from the verify page: the tag, the verdict the reporter
-- was shown, the UTC day, where it was bought (a category) and the reporter's words. Nothing about
-- the reporter: no address, agent, cookie or time of day. Not logged: the log is public.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  gtin TEXT NOT NULL,
  serial TEXT NOT NULL,
  verdict TEXT NOT NULL,
  day TEXT NOT NULL,               -- YYYY-MM-DD (UTC)
  place TEXT NOT NULL,             -- shop | online | market | other
  text TEXT NOT NULL
);
CREATE INDEX reports_tag_day ON reports (gtin, serial, day);
CREATE INDEX reports_gtin ON reports (gtin);
CREATE INDEX reports_gtin_day ON reports (gtin, day);
