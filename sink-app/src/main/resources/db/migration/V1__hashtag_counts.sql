-- One row per tag and event-time window, written by an idempotent MERGE: a later record for the same key replaces
-- the count (it carries the running total of the window), so a redelivered record never counts twice.
--
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.
--
-- Times are TIMESTAMP WITH TIME ZONE, always bound as UTC OffsetDateTime and read back as instants. Both databases
-- compare and store them as absolute instants (a plain TIMESTAMP would shift with the session or JVM time zone),
-- both keep microseconds (the app writes milliseconds), and the values stay readable in a SQL console. The window
-- size is a BIGINT in milliseconds and part of the key, so counts of two window sizes never overwrite each other.
CREATE TABLE hashtag_counts (
    tag            VARCHAR(500)             NOT NULL,
    window_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end     TIMESTAMP WITH TIME ZONE NOT NULL,
    window_size_ms BIGINT                   NOT NULL,
    mention_count  BIGINT                   NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT hashtag_counts_pk PRIMARY KEY (tag, window_start, window_size_ms),
    CONSTRAINT hashtag_counts_window_size_positive CHECK (window_size_ms > 0),
    CONSTRAINT hashtag_counts_count_positive CHECK (mention_count > 0)
);

-- Top-tag queries select the windows whose start lies in a range, across all tags. (Series queries by tag use the
-- primary key, whose first columns are tag and window_start.)
CREATE INDEX hashtag_counts_window_start_idx ON hashtag_counts (window_start);
