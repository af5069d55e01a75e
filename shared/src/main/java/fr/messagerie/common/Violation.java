package fr.messagerie.common;

/** One reason why a request cannot be carried out: a stable machine code, the field concerned, a French message. */
public record Violation(String code, String field, String message) {
}
