package fr.messagerie.consultations;

import fr.messagerie.common.Agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five registers of a consultation, the free-recipients one included, in the order of the compose screen. */
public final class ShowRegisters {
    private final ConsultationAccess access;
    private final ConsultationStore store;

    public ShowRegisters(ConsultationAccess access, ConsultationStore store) {
        this.access = access;
        this.store = store;
    }

    public Map<Register, List<Contact>> show(Agent agent, String consultationId) {
        Consultation consultation = access.find(agent, consultationId);
        Map<Register, List<Contact>> registers = new LinkedHashMap<>();
        for (Register register : Register.values()) {
            registers.put(register, register == Register.FREE_RECIPIENTS
                    ? store.freeRecipients(consultation.organismId(), consultationId)
                    : consultation.register(register));
        }
        return registers;
    }
}
