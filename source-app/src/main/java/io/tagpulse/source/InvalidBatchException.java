package io.tagpulse.source;

/** A batch of posts that is rejected as a whole; the message names the first bad line. */
public class InvalidBatchException extends RuntimeException {

    private final int line;

    private final String reason;

    public InvalidBatchException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** @return the 1-based number of the first bad line */
    public int line() {
        return line;
    }

    /** @return what is wrong, without the line number */
    public String reason() {
        return reason;
    }
}
