package io.tagpulse.dashboard;

/** A trend a query names that is not in the kept history (or whose tag is hidden or blocked now); 404. */
public class UnknownTrendException extends RuntimeException {

    public UnknownTrendException(String message) {
        super(message);
    }
}
