package io.tagpulse.counter.trend.groundtruth;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the published detectors look at, exactly (no sketch): each scope-and-tag's uses (mentions, and the accounts
 * that made them) in the current period {@code (t − period, t]} and in the one before it. Test code: holds every use
 * of the last two periods.
 */
final class PeriodUses {

    /**
     * One scope-and-tag at one moment.
     *
     * @param mentions its mentions in the current period
     * @param mentionsBefore in the period before
     * @param accounts the distinct accounts of the current period's mentions
     * @param accountsBefore of the period before's
     */
    record Uses(String scope, String tag, long mentions, long mentionsBefore, long accounts, long accountsBefore) {
    }

    private record Use(long time, String account) {
    }

    private final long period;

    private final Map<String, Map<String, ArrayDeque<Use>>> byScope = new HashMap<>();

    PeriodUses(long period) {
        this.period = period;
    }

    void add(String scope, String tag, String account, long time) {
        byScope.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(tag, k -> new ArrayDeque<>())
            .addLast(new Use(time, account));
    }

    /** Hands every scope-and-tag used in the last two periods before {@code t} to {@code each}, forgets older uses. */
    void at(long t, Consumer<Uses> each) {
        long currentFrom = t - period;
        long beforeFrom = t - 2 * period;
        Set<String> accounts = new HashSet<>();
        Set<String> accountsBefore = new HashSet<>();
        byScope.forEach((scope, tags) -> {
            for (Iterator<Map.Entry<String, ArrayDeque<Use>>> it = tags.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, ArrayDeque<Use>> entry = it.next();
                ArrayDeque<Use> uses = entry.getValue();
                while (!uses.isEmpty() && uses.peekFirst().time() <= beforeFrom) {
                    uses.removeFirst();
                }
                if (uses.isEmpty()) {
                    it.remove();
                    continue;
                }
                accounts.clear();
                accountsBefore.clear();
                long mentions = 0;
                long mentionsBefore = 0;
                for (Use use : uses) {
                    if (use.time() > t) {
                        break;
                    }
                    if (use.time() > currentFrom) {
                        mentions++;
                        accounts.add(use.account());
                    }
                    else {
                        mentionsBefore++;
                        accountsBefore.add(use.account());
                    }
                }
                each.accept(new Uses(scope, entry.getKey(), mentions, mentionsBefore, accounts.size(),
                        accountsBefore.size()));
            }
        });
    }
}
