package io.tagpulse.source.connector;

import java.util.OptionalLong;

/**
 * Where a live source's position is kept between runs, so that a restart resumes after it: a file today
 * ({@link CursorFile}); a compacted Kafka topic would be another. It is only ever given a position up to which Kafka
 * has acknowledged every post.
 */
public interface PositionStore {

    /** For sources that cannot resume: keeps nothing. */
    PositionStore NONE = new PositionStore() {

        @Override
        public OptionalLong load() {
            return OptionalLong.empty();
        }

        @Override
        public void save(long position) {
        }
    };

    /** @return the position saved last, empty when there is none */
    OptionalLong load();

    void save(long position);
}
