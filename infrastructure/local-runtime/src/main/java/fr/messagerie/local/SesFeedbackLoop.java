package fr.messagerie.local;

import fr.messagerie.sam.SesEventStream;
import fr.messagerie.servers.SentEmail;
import fr.messagerie.servers.SesMailbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SES's event stream: every mail newly accepted by the local SES server gets the events SES would publish for it
 * (Delivery, or the mailbox simulator's Bounce / Complaint), so delivery statuses move on their own.
 */
final class SesFeedbackLoop implements AutoCloseable {

    private static final Duration IDLE_WAIT = Duration.ofMillis(250);
    private static final Duration UNTAGGED_GRACE = Duration.ofSeconds(5);

    private final SesMailbox mailbox;
    private final SesEventStream events;
    private final Set<String> simulated = new HashSet<>();
    private final Map<String, Long> untagged = new HashMap<>();
    private final BackgroundLoop loop;

    SesFeedbackLoop(SesMailbox mailbox, SesEventStream events) {
        this.mailbox = mailbox;
        this.events = events;
        this.loop = new BackgroundLoop("ses-event-stream", IDLE_WAIT, this::simulateNewMail);
    }

    private boolean simulateNewMail() {
        long now = System.nanoTime();
        List<SentEmail> fresh = mailbox.all().stream()
                .filter(email -> !simulated.contains(email.messageId()))
                .filter(email -> tagsRecorded(email, now))
                .toList();
        for (SentEmail email : fresh) {
            events.simulate(email);
            simulated.add(email.messageId());
        }
        return !fresh.isEmpty();
    }

    /**
     * The SES server stores a mail before the recording proxy has its tags (our ids): wait for them a little, as
     * events without them could not be matched to a delivery.
     */
    private boolean tagsRecorded(SentEmail email, long now) {
        if (email.configurationSetName() != null || !email.tags().isEmpty()) {
            untagged.remove(email.messageId());
            return true;
        }
        long firstSeen = untagged.computeIfAbsent(email.messageId(), id -> now);
        return now - firstSeen > UNTAGGED_GRACE.toNanos();
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
