package fr.messagerie.delivery;

import fr.messagerie.letters.Letter;
import fr.messagerie.recipient.Reply;
import fr.messagerie.recipient.ReplyStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deliveries in memory, with the same atomic append as the DynamoDB store, for the use cases' unit tests. */
public final class InMemoryDeliveryStore implements DeliveryStore, DeliveryLog, DispatchClaims, AccessLinks,
        ReplyStore {
    private record Stored(Delivery delivery, DeliveryProjection projection, boolean favorite,
                          Map<String, DeliveryEvent> log, int claimAttempt, Instant claimUntil) {
        Stored with(DeliveryProjection newProjection, DeliveryEvent event) {
            Map<String, DeliveryEvent> longer = new LinkedHashMap<>(log);
            longer.put(event.id(), event);
            return new Stored(delivery, newProjection, favorite, longer, claimAttempt, claimUntil);
        }
    }

    private final Map<String, Stored> deliveries = new LinkedHashMap<>();
    /** The links of before, whose token was the secret alone: token hash → delivery. */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, List<AccessGrant>> links = new LinkedHashMap<>();
    private final Map<String, Reply> replies = new LinkedHashMap<>();
    /** Runs once before the next append, as another writer would between a read and a write. */
    private Runnable beforeNextAppend;
    int appends;
    private int createsBeforeFailure = -1;
    private RuntimeException createFailure;

    public InMemoryDeliveryStore() {
    }

    /**
     * The next {@code successes} creations go through (a delivery that exists already counts as one), the one after
     * throws {@code failure}, once, creating nothing: a fan-out that crashes midway.
     */
    public synchronized void failCreateAfter(int successes, RuntimeException failure) {
        createsBeforeFailure = successes;
        createFailure = failure;
    }

    /** Every delivery stored, all letters together. */
    public synchronized int size() {
        return deliveries.size();
    }

    /** A link of before, as such links were stored: its token's hash in an entry of its own. */
    public synchronized void legacyLink(String tokenHash, String deliveryId) {
        tokens.put(tokenHash, deliveryId);
    }

    public void beforeNextAppend(Runnable writer) {
        beforeNextAppend = writer;
    }

    public void star(String deliveryId, boolean favorite) {
        Stored s = deliveries.get(deliveryId);
        deliveries.put(deliveryId, new Stored(s.delivery(), s.projection(), favorite, s.log(), s.claimAttempt(),
                s.claimUntil()));
    }

    public DeliveryProjection projection(String deliveryId) {
        return deliveries.get(deliveryId).projection();
    }

    @Override
    public synchronized void createIfAbsent(Delivery delivery, Letter letter) {
        if (createFailure != null) {
            if (createsBeforeFailure == 0) {
                RuntimeException thrown = createFailure;
                createFailure = null;
                createsBeforeFailure = -1;
                throw thrown;
            }
            createsBeforeFailure--;
        }
        deliveries.putIfAbsent(delivery.id(), new Stored(delivery, DeliveryProjection.EMPTY, false,
                new LinkedHashMap<>(), 0, null));
    }

    @Override
    public synchronized Optional<Delivery> find(String deliveryId) {
        return Optional.ofNullable(deliveries.get(deliveryId)).map(Stored::delivery);
    }

    @Override
    public synchronized Optional<WithLog> findWithLog(String deliveryId) {
        return Optional.ofNullable(deliveries.get(deliveryId)).map(stored -> new WithLog(stored.delivery(),
                List.copyOf(stored.log().values()), Optional.ofNullable(replies.get(deliveryId))));
    }

    @Override
    public synchronized List<DeliveryView> ofLetter(String letterId) {
        return deliveries.values().stream().filter(s -> s.delivery().letterId().equals(letterId))
                .map(InMemoryDeliveryStore::view).toList();
    }

    @Override
    public synchronized List<DeliveryEvent> events(String deliveryId) {
        Stored stored = deliveries.get(deliveryId);
        return stored == null ? List.of() : List.copyOf(stored.log().values());
    }

    @Override
    public synchronized Optional<LogHead> head(String deliveryId) {
        return Optional.ofNullable(deliveries.get(deliveryId))
                .map(s -> new LogHead(s.delivery(), s.projection(), s.favorite(),
                        links.getOrDefault(deliveryId, List.of())));
    }

    @Override
    public Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after) {
        Runnable writer = beforeNextAppend;
        beforeNextAppend = null;
        if (writer != null) {
            writer.run();
        }
        synchronized (this) {
            appends++;
            Stored stored = deliveries.get(deliveryId);
            if (stored.log().containsKey(event.id())) {
                return Append.DUPLICATE;
            }
            if (!stored.projection().equals(head.projection()) || stored.favorite() != head.favorite()) {
                return Append.STALE;
            }
            deliveries.put(deliveryId, stored.with(after, event));
            return Append.APPENDED;
        }
    }

    @Override
    public synchronized DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease,
                                            AccessGrant grant) {
        Stored s = deliveries.get(deliveryId);
        if (s.projection().dispatchedAttempt() >= attempt) {
            return DispatchClaim.ALREADY_SENT;
        }
        if (s.claimUntil() != null && !s.claimUntil().isBefore(now) && s.claimAttempt() >= attempt) {
            return DispatchClaim.HELD_BY_ANOTHER;
        }
        deliveries.put(deliveryId, new Stored(s.delivery(), s.projection(), s.favorite(), s.log(), attempt,
                now.plus(lease)));
        if (grant != null) {
            links.computeIfAbsent(deliveryId, id -> new ArrayList<>()).add(grant);
        }
        return DispatchClaim.GRANTED;
    }

    @Override
    public synchronized void releaseClaim(String deliveryId, int attempt) {
        Stored s = deliveries.get(deliveryId);
        if (s.claimAttempt() == attempt && s.projection().dispatchedAttempt() < attempt) {
            deliveries.put(deliveryId, new Stored(s.delivery(), s.projection(), s.favorite(), s.log(), attempt,
                    null));
        }
    }

    @Override
    public synchronized Optional<String> deliveryOfToken(String tokenHash, Instant now) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public synchronized List<DeliveryView> toRecipient(String organismId, String consultationId,
                                                       String recipientKey) {
        List<DeliveryView> views = new ArrayList<>();
        deliveries.values().stream()
                .filter(s -> s.delivery().organismId().equals(organismId)
                        && s.delivery().consultationId().equals(consultationId)
                        && s.delivery().recipient().key().equals(recipientKey))
                .sorted(Comparator.comparing((Stored s) -> s.delivery().createdAt()).reversed())
                .forEach(s -> views.add(view(s)));
        return views;
    }

    @Override
    public synchronized boolean saveReply(Reply reply) {
        return replies.putIfAbsent(reply.deliveryId(), reply) == null;
    }

    @Override
    public synchronized Optional<Reply> reply(String deliveryId) {
        return Optional.ofNullable(replies.get(deliveryId));
    }

    private static DeliveryView view(Stored s) {
        return new DeliveryView(s.delivery(), s.projection().status(), s.projection().reason());
    }
}
