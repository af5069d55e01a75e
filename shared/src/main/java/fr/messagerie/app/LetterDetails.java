package fr.messagerie.app;

import fr.messagerie.domain.Letter;

import java.util.List;

/** A letter and, once sent, one delivery per recipient with its status. */
public record LetterDetails(Letter letter, List<DeliveryView> deliveries) {
}
