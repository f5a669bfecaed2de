package org.depthlab.site;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code limit} events per key in any window of {@code windowMillis} (a sliding
 * window log). The site keeps two: one keyed on the session, one on the socket's remote
 * address — never on a header such as X-Forwarded-For, which a client writes itself — and a
 * submission must pass both, so neither a new cookie nor a second tab gets round the limit.
 */
public final class RateLimiter {

    private final int limit;
    private final long windowMillis;
    private final Map<String, Deque<Long>> events = new HashMap<>();

    /** A limiter of {@code limit} events per {@code windowMillis}. */
    public RateLimiter(int limit, long windowMillis) {
        if (limit < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive count and window");
        }
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Records an event for {@code key} at {@code nowMillis} if the limit allows it; false if not. */
    public synchronized boolean allow(String key, long nowMillis) {
        Deque<Long> log = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!log.isEmpty() && log.peekFirst() <= nowMillis - windowMillis) {
            log.pollFirst();
        }
        if (log.size() >= limit) {
            return false;
        }
        log.addLast(nowMillis);
        if (events.size() > 100_000) {
            events.values().removeIf(d -> d.isEmpty() || d.peekLast() <= nowMillis - windowMillis);
        }
        return true;
    }
}
