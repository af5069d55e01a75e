package fr.messagerie.consultations;

import fr.messagerie.letters.Recipient;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Consultations, identified within their organism. */
public interface ConsultationStore {
    Optional<Consultation> find(String organismId, String consultationId);

    /** Refused with {@link StoredSize#consultationTooLarge} when it cannot be stored whole: nothing is written. */
    void save(Consultation consultation);

    /** The consultations of one organism, by reference (the agent console's list). */
    List<Consultation> ofOrganism(String organismId);

    /** The "Destinataires libres saisis précédemment" register, in alphabetical order of address. */
    List<Contact> freeRecipients(String organismId, String consultationId);

    /**
     * Adds typed addresses to the free-recipients register, once per address whatever its case (the spelling typed
     * last is kept).
     */
    void addFreeRecipients(String organismId, String consultationId, Collection<Recipient> recipients);
}
