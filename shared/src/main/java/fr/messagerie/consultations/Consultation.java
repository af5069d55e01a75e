package fr.messagerie.consultations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tender, as pushed by the procurement platform, with the registers its recipients are chosen from.
 * The free-recipients register is not part of it: it is fed by sends and read separately.
 *
 * @param id           unique within its organism only: two organisms may both have a consultation "ADO-1"
 * @param organismName the name of the organism's own record ({@link Organism}), never one the request gave
 */
public record Consultation(
        String id,
        String organismId,
        String reference,
        String title,
        String object,
        Instant bidDeadline,
        String organismName,
        String purchasingEntity,
        String directLink,
        Map<Register, List<Contact>> registers) {

    public Consultation {
        registers = registers == null ? Map.of() : Map.copyOf(registers);
    }

    public List<Contact> register(Register register) {
        return registers.getOrDefault(register, List.of());
    }

    /** The same consultation shown with its organism's registered name. */
    public Consultation named(String registeredName) {
        return new Consultation(id, organismId, reference, title, object, bidDeadline, registeredName,
                purchasingEntity, directLink, registers);
    }

    /** The consultation block a letter freezes at send: everything but the registers. */
    public Consultation block() {
        return new Consultation(id, organismId, reference, title, object, bidDeadline, organismName,
                purchasingEntity, directLink, Map.of());
    }
}
