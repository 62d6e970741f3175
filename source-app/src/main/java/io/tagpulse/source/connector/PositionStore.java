package io.tagpulse.source.connector;

import java.util.OptionalLong;

/**
 * Where a live source's position is kept between runs, so that a restart resumes after it, on this node or another:
 * in the app, a compacted Kafka topic keyed by the source's id. It is only ever given a position up to which Kafka has
 * acknowledged every post. Both methods throw when the store cannot be reached; the runtime counts a failed save,
 * reports it in health and tries again, and retries a failed load before it reads anything.
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

    /**
     * @return the position saved last, empty when there is none
     * @throws RuntimeException when the store cannot be read
     */
    OptionalLong load();

    /**
     * Keeps {@code position}, returning once it is durably kept.
     *
     * @throws RuntimeException when it could not be kept
     */
    void save(long position);
}
