package fr.messagerie.letters;

import java.util.List;

/**
 * What an agent sends to create or change a draft. Absent (null) fields take the letter type's default on creation
 * and keep their current value on update. Enumerations and dates are kept as text so that a wrong value gets a
 * precise French message rather than a generic parsing error.
 */
public record DraftInput(
        String letterType,
        String sendMode,
        ReplyOptionsInput replyOptions,
        String subject,
        String body,
        RecipientsInput recipients,
        Long version) {

    public record ReplyOptionsInput(Boolean allowed, String deadline, Boolean sealed) {
    }

    /**
     * @param addresses free entry: a pasted list separated by spaces, commas, semicolons or new lines
     * @param registers whole registers, by code (e.g. WITHDRAWALS)
     * @param contacts  single contacts, from a register or typed with a name
     */
    public record RecipientsInput(String addresses, List<String> registers, List<ContactInput> contacts) {
    }

    public record ContactInput(String email, String name, String company, String register) {
    }
}
