-- Each tag's distinct authors per UTC day, for the dashboard's Mastodon-compatible trends API (history[].accounts):
-- from the authorsByDay of the global scope's trend records (TrendUpdate version 2). Upserted by (tag, utc_day), keeping
-- the larger estimate: a day's sketch only grows, so a redelivered or older record never lowers it. Kept 8 days (the
-- week Mastodon shows, and today), deleted by the sink's retention job.
--
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.
CREATE TABLE tag_day_authors (
    tag        VARCHAR(300)             NOT NULL,
    utc_day    DATE                     NOT NULL,
    authors    BIGINT                   NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tag_day_authors_pk PRIMARY KEY (tag, utc_day)
);

-- Retention by day.
CREATE INDEX tag_day_authors_day_idx ON tag_day_authors (utc_day);
