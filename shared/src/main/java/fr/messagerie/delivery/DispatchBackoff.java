package fr.messagerie.delivery;

import java.time.Duration;
import java.util.List;

/**
 * How long a dispatch waits in its queue after the mail service declined to send it for now (sending rate or daily
 * quota exceeded, sending paused). The waits grow with each receive of the message, so that a long refusal uses few
 * of its receives: with a first wait of one minute, 1 min, 5 min, 30 min, 2 h, then 6 h each time.
 */
public final class DispatchBackoff {
    private static final List<Integer> STEPS = List.of(1, 5, 30, 120, 360);
    /** SQS keeps a message invisible at most 12 hours from its receipt. */
    static final Duration LONGEST = Duration.ofHours(11);

    private final Duration firstWait;

    public DispatchBackoff(Duration firstWait) {
        if (firstWait.isNegative() || firstWait.isZero()) {
            throw new IllegalArgumentException("The first wait must be positive: " + firstWait);
        }
        this.firstWait = firstWait;
    }

    /** @param receiveCount how many times the queue has handed out this message, this time included (1 the first time) */
    public Duration waitAfter(int receiveCount) {
        int step = STEPS.get(Math.min(Math.max(receiveCount, 1), STEPS.size()) - 1);
        Duration wait = firstWait.multipliedBy(step);
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    /** The time a message spends waiting over its first {@code receives} receives, all declined. */
    public Duration totalWait(int receives) {
        Duration total = Duration.ZERO;
        for (int receive = 1; receive <= receives; receive++) {
            total = total.plus(waitAfter(receive));
        }
        return total;
    }
}
