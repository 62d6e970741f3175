-- Trends with a lifecycle (TrendUpdate records of the trends topic), the moderators' decisions (ModerationDecision
-- records of the moderation topic), and the alerts sent for trends. The per-window rankings of V2 are gone: trends
-- are judged over minutes against each tag's own baseline, not per window.
--
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.

DROP TABLE trending_tags;

-- One row per trend: a trend's records (same trend_id) replace one another, an older as_of never overwrites a newer
-- one, so storing is idempotent and order-safe. A later trend of the same tag in the same scope has its own row.
-- Rows are kept for the sink's trend history (default 7 days after they ended or were last updated).
CREATE TABLE trends (
    trend_id        VARCHAR(400)             NOT NULL,
    scope           VARCHAR(60)              NOT NULL,
    tag             VARCHAR(300)             NOT NULL,
    status          VARCHAR(10)              NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    peak_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    peak_per_minute BIGINT                   NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE,
    as_of           TIMESTAMP WITH TIME ZONE NOT NULL,
    mentions        BIGINT                   NOT NULL,
    authors         BIGINT                   NOT NULL,
    expected        DOUBLE PRECISION         NOT NULL,
    score           DOUBLE PRECISION         NOT NULL,
    per_minute      BIGINT                   NOT NULL,
    -- The related tags as a JSON array of {"tag":…, "mentions":…}, most first.
    related         VARCHAR(4000)            NOT NULL,
    moderated       BOOLEAN                  NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT trends_pk PRIMARY KEY (trend_id)
);

-- The current trends of a scope: those not ENDED, best score first.
CREATE INDEX trends_scope_status_idx ON trends (scope, status, score);
-- The history of a scope by start time, and retention.
CREATE INDEX trends_scope_started_idx ON trends (scope, started_at);
CREATE INDEX trends_updated_idx ON trends (updated_at);

-- Every moderation decision as recorded on the topic, once (its partition and offset are its identity); a tag's or
-- the block list's current state is its latest decision by decided_at (then offset).
CREATE TABLE moderation_decisions (
    source_partition INT                      NOT NULL,
    source_offset    BIGINT                   NOT NULL,
    decision_key     VARCHAR(310)             NOT NULL,
    action           VARCHAR(12)              NOT NULL,
    subject          VARCHAR(4000)            NOT NULL,
    decided_by       VARCHAR(200)             NOT NULL,
    reason           VARCHAR(1000)            NOT NULL,
    decided_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT moderation_decisions_pk PRIMARY KEY (source_partition, source_offset)
);

CREATE INDEX moderation_decisions_key_idx ON moderation_decisions (decision_key, decided_at);

-- One row per trend whose start was announced (or is being announced) to the alert webhook: the trend id is the
-- idempotency key sent with it, and this row is what keeps a restarted sink from announcing it twice.
CREATE TABLE trend_alerts (
    trend_id   VARCHAR(400)             NOT NULL,
    state      VARCHAR(10)              NOT NULL,
    attempts   INT                      NOT NULL,
    last_error VARCHAR(1000),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT trend_alerts_pk PRIMARY KEY (trend_id)
);
