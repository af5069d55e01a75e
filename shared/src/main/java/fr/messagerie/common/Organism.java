package fr.messagerie.common;

import java.util.regex.Pattern;

/**
 * A public buyer's organisation ("organisme"), as the procurement platform registers it: the name every letter,
 * page and proof shows comes from here, never from a consultation or an agent.
 */
public record Organism(String id, String name) {
    /** No '#': organism ids are the first part of storage keys, before the consultation's own id. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
