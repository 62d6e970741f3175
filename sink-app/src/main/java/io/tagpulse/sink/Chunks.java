package io.tagpulse.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/** The bounded deletes of old windows: run again and again until one deletes less than a full chunk. */
final class Chunks {

    private Chunks() {
    }

    /**
     * A delete statement and its arguments.
     *
     * @param sql the statement
     * @param arguments its bound values, in order
     */
    record Delete(String sql, Object[] arguments) {
    }

    /**
     * Fills in the window sizes of a chunked delete (at its {@code sizes} comment marker, after the cutoff's parameter
     * and before the chunk's {@code FETCH FIRST ? ROWS ONLY}): one size, or every size but those with a rule of their
     * own.
     */
    static Delete bySize(String sql, RetentionPolicy.Cutoff cutoff, Object before, int chunk) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(before);
        String sizes;
        if (cutoff.windowSizeMs() != null) {
            sizes = "AND window_size_ms = ?";
            arguments.add(cutoff.windowSizeMs());
        }
        else if (!cutoff.otherSizesMs().isEmpty()) {
            sizes = "AND window_size_ms NOT IN (" + String.join(", ", Collections.nCopies(cutoff.otherSizesMs().size(),
                    "?")) + ")";
            arguments.addAll(cutoff.otherSizesMs());
        }
        else {
            sizes = "";
        }
        arguments.add(chunk);
        return new Delete(sql.replace("/*sizes*/", sizes), arguments.toArray());
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
