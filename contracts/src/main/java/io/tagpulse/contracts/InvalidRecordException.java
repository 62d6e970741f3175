package io.tagpulse.contracts;

/**
 * A record that cannot be processed: unparseable JSON or a missing or malformed field. The message is the reason
 * that travels with the record to the dead-letter topic, so it says what is wrong in terms a person can act on.
 */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }

    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
