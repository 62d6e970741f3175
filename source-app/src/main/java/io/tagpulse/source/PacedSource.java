package io.tagpulse.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.tagpulse.contracts.Post;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that makes its posts itself (the generator, a replay): a supplier of posts run on a thread of its own at a
 * steady rate, with at most 10,000 posts waiting for Kafka's acknowledgement. Started again after a stop, it goes on
 * where it was.
 */
public final class PacedSource implements PostSource {

    private static final Logger log = LoggerFactory.getLogger(PacedSource.class);

    private static final int MAX_IN_FLIGHT = 10_000;

    private final String name;

    private final Supplier<Post> posts;

    private final double rate;

    private volatile Status status = Status.STOPPED;

    private volatile boolean running;

    private Thread thread;

    /** A post drawn but not sent when the source was stopped: the first of the next start. */
    private volatile Post carried;

    /**
     * @param posts the posts to send; {@code null} ends the source
     * @param rate posts per second; 0 sends as fast as Kafka takes them
     */
    public PacedSource(String name, Supplier<Post> posts, double rate) {
        this.name = name;
        this.posts = posts;
        this.rate = rate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(PostSink sink) {
        if (thread != null) {
            throw new IllegalStateException("the " + name + " is running already");
        }
        running = true;
        status = new Status(State.RUNNING, "at " + (rate <= 0 ? "full speed" : rate + " posts/s"));
        thread = new Thread(() -> run(sink), "tagpulse-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(PostSink sink) {
        Pacer pacer = new Pacer(rate);
        InFlight inFlight = new InFlight(MAX_IN_FLIGHT);
        long sent = 0;
        log.info("Feeding posts from the {} at {} posts/s", name, rate <= 0 ? "full speed" : rate);
        try {
            while (running) {
                Post post = carried != null ? carried : posts.get();
                carried = post;
                if (post == null) {
                    status = new Status(State.FINISHED, "finished after " + sent + " posts");
                    log.info("The {} finished after {} posts", name, sent);
                    return;
                }
                LockSupport.parkNanos(pacer.delayBeforeNext(System.nanoTime()));
                inFlight.send(sink, post, (ok, error) -> {
                    if (error != null) {
                        log.warn("Post {} was not acknowledged by Kafka: {}", post.id(), error.toString());
                    }
                });
                carried = null;
                sent++;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            if (!running) {
                return; // stopping interrupted a read (of the replay file)
            }
            status = new Status(State.FAILED, "stopped after " + sent + " posts: " + ex.getMessage());
            log.error("The {} stopped after {} posts: {}", name, sent, ex.getMessage(), ex);
            return;
        }
        log.info("The {} stopped after {} posts", name, sent);
    }

    @Override
    public void stop() {
        Thread stopping;
        synchronized (this) {
            stopping = thread;
            thread = null;
            running = false;
        }
        if (stopping == null) {
            return;
        }
        stopping.interrupt();
        try {
            stopping.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        status = Status.STOPPED;
    }

    @Override
    public Status status() {
        return status;
    }
}
