package io.tagpulse.sink;

import java.util.function.IntSupplier;

/** Runs a bounded delete again and again until it deletes less than a full chunk. */
final class Chunks {

    private Chunks() {
    }

    static long deleteAll(IntSupplier deleteChunk, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 but is " + chunk);
        }
        long total = 0;
        int deleted;
        do {
            deleted = deleteChunk.getAsInt();
            total += deleted;
        }
        while (deleted >= chunk);
        return total;
    }
}
