package io.tagpulse.source;

/**
 * A post larger than the most one Kafka record may carry here ({@code tagpulse.source.max-post-size}): refused
 * before anything is sent, since Kafka would refuse it on every retry.
 */
public class PostTooLargeException extends InvalidBatchException {

    public PostTooLargeException(int line, long size, long limit) {
        super(line, "the post is " + size + " bytes, more than tagpulse.source.max-post-size (" + limit
                + " bytes)");
    }
}
