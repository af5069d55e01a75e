package fr.messagerie.consultations;

/** A company contact of a register: name and company may be blank for a bare address. */
public record Contact(String name, String company, String email) {
}
