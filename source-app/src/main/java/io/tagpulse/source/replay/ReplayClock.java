package io.tagpulse.source.replay;

import java.time.Duration;
import java.time.Instant;

import io.tagpulse.contracts.Post;

/**
 * Event times of replayed posts: kept as recorded, or shifted so that the file plays as if it were happening now.
 * When shifting, the first post of the first pass is moved to the start instant and every later post keeps its
 * distance to it; each further pass of a looped file is moved on by the span of the file, so time never goes back.
 * Posts of the second and later passes get the pass number appended to their id ({@code id~2}), so that they are
 * new posts rather than redeliveries of the first pass.
 */
public final class ReplayClock {

    private final boolean shift;

    private final Instant start;

    private Instant firstEventTime;

    private Instant lastEventTime;

    private Duration loopOffset = Duration.ZERO;

    private int pass = 1;

    public ReplayClock(boolean shift, Instant start) {
        this.shift = shift;
        this.start = start;
    }

    public Post apply(Post post) {
        if (firstEventTime == null) {
            firstEventTime = post.createdAt();
        }
        if (lastEventTime == null || post.createdAt().isAfter(lastEventTime)) {
            lastEventTime = post.createdAt();
        }
        if (!shift && pass == 1) {
            return post;
        }
        String id = pass == 1 ? post.id() : post.id() + "~" + pass;
        Instant createdAt = shift
                ? start.plus(Duration.between(firstEventTime, post.createdAt())).plus(loopOffset)
                : post.createdAt();
        return new Post(id, post.platform(), post.author(), post.language(), post.text(), createdAt, post.hashtags(),
                post.repostOf());
    }

    /** Called when a looped file starts again: later passes follow the previous ones in event time. */
    public void nextPass() {
        pass++;
        if (firstEventTime != null) {
            loopOffset = loopOffset.plus(Duration.between(firstEventTime, lastEventTime)).plusSeconds(1);
        }
    }
}
