-- Top-tag queries read every window of one size in a time range and add up the counts per tag. With the size, the
-- start, the tag and the count in one index, PostgreSQL answers them from the index alone (an index-only scan)
-- instead of visiting the table row by row. Measured with StorageBenchmark: see sink-app/README.md.
CREATE INDEX hashtag_counts_range_idx ON hashtag_counts (window_size_ms, window_start, tag, mention_count);
