package io.tagpulse.dashboard;

/** A query parameter the API cannot answer; the message names the parameter and says what is expected. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
