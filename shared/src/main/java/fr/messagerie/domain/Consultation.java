package fr.messagerie.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tender, as pushed by the procurement platform, with the registers its recipients are chosen from.
 * The free-recipients register is not part of it: it is fed by sends and read separately.
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
}
