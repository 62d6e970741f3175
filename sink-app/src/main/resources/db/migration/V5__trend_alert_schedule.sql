-- When a pending alert's next attempt is due. The sink that claimed the alert moves it forward at every attempt (to
-- the attempt's timeout while it runs, then to the back-off's end); a pending alert whose time has long passed has no
-- live sender (the sink stopped, or had no room to send it) and is resumed by whichever sink finds it.
--
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.
ALTER TABLE trend_alerts ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX trend_alerts_pending_idx ON trend_alerts (state, next_attempt_at);
