package fr.messagerie.consultations;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.common.Bounds;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.StoredSize;
import fr.messagerie.support.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Consultations in memory, as the DynamoDB store keeps them: identified by organism and id (two organisms may both
 * have an "ADO-1"), listed per organism by reference then id, refused whole when their record would pass DynamoDB's
 * 400 KB (nothing written). The free-recipients register is kept beside them, by case-insensitive address
 * ({@link Recipient#key()}), in alphabetical order; adding an address already there writes it again with the case it
 * was typed in, as the DynamoDB batch put does, and keeps no name nor company.
 */
public final class InMemoryConsultationStore implements ConsultationStore {
    /** DynamoDB's item limit, attribute names included. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private final Map<String, Consultation> consultations = new HashMap<>();
    private final Map<String, TreeMap<String, String>> freeRecipients = new HashMap<>();
    private int saves;

    public InMemoryConsultationStore() {
    }

    @Override
    public synchronized Optional<Consultation> find(String organismId, String consultationId) {
        return Optional.ofNullable(consultations.get(key(organismId, consultationId)));
    }

    @Override
    public synchronized void save(Consultation consultation) {
        long size = itemSize(consultation);
        if (size > MAX_ITEM_BYTES) {
            throw StoredSize.consultationTooLarge(size, MAX_ITEM_BYTES);
        }
        consultations.put(key(consultation.organismId(), consultation.id()), consultation);
        saves++;
    }

    @Override
    public synchronized List<Consultation> ofOrganism(String organismId) {
        return consultations.values().stream().filter(c -> c.organismId().equals(organismId))
                .sorted(Comparator.comparing((Consultation c) -> c.reference() + "#" + c.id()))
                .toList();
    }

    @Override
    public synchronized List<Contact> freeRecipients(String organismId, String consultationId) {
        TreeMap<String, String> register = freeRecipients.get(key(organismId, consultationId));
        if (register == null) {
            return List.of();
        }
        List<Contact> contacts = new ArrayList<>();
        register.values().forEach(email -> contacts.add(new Contact(null, null, email)));
        return contacts;
    }

    @Override
    public synchronized void addFreeRecipients(String organismId, String consultationId,
                                               Collection<Recipient> recipients) {
        TreeMap<String, String> register = freeRecipients.computeIfAbsent(key(organismId, consultationId),
                k -> new TreeMap<>());
        recipients.forEach(recipient -> register.put(recipient.key(), recipient.email()));
    }

    /** How many times a consultation was written (refusals not counted). */
    public synchronized int saves() {
        return saves;
    }

    /** Every consultation stored, all organisms together. */
    public synchronized int size() {
        return consultations.size();
    }

    private static String key(String organismId, String consultationId) {
        return organismId + "#CONS#" + consultationId;
    }

    /** About what DynamoDB counts: the JSON record plus the keys and index attributes beside it. */
    static long itemSize(Consultation consultation) {
        try {
            String json = Json.MAPPER.writeValueAsString(consultation);
            String pk = "ORG#" + consultation.organismId() + "#CONS#" + consultation.id();
            return Bounds.utf8Length(json) + "data".length() + "PK".length() + Bounds.utf8Length(pk) + "SK".length()
                    + 1 + "organism".length() + Bounds.utf8Length(consultation.organismId()) + "GSI1PK".length()
                    + Bounds.utf8Length(pk) + "GSI1SK".length() + Bounds.utf8Length(consultation.reference() + "#"
                    + consultation.id());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
