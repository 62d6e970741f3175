-- The display form of each count, and the trending rankings of the counter's hopping windows.
--
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.

-- The count's most common display form (HashtagCount.display), null from producers that predate it. An upsert keeps
-- the latest non-null one.
ALTER TABLE hashtag_counts ADD COLUMN display VARCHAR(500);

-- One ranking per window: storing a TrendingTags record replaces the window's rows in one transaction, unless the
-- stored ranking has more partitions (a newer refinement) than the record. tag_rank 1 is the top tag.
CREATE TABLE trending_tags (
    window_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end     TIMESTAMP WITH TIME ZONE NOT NULL,
    window_size_ms BIGINT                   NOT NULL,
    tag_rank       INT                      NOT NULL,
    tag            VARCHAR(500)             NOT NULL,
    mention_count  BIGINT                   NOT NULL,
    baseline       DOUBLE PRECISION         NOT NULL,
    score          DOUBLE PRECISION         NOT NULL,
    partitions     INT                      NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT trending_tags_pk PRIMARY KEY (window_start, window_size_ms, tag_rank)
);

-- The latest ranking is the one whose window ends last.
CREATE INDEX trending_tags_window_end_idx ON trending_tags (window_end);
