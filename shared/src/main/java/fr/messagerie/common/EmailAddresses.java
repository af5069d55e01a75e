package fr.messagerie.common;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Recipient addresses typed or pasted by an agent ("Saisie libre de l'adresse mail"). */
public final class EmailAddresses {

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern ADDRESS = Pattern.compile(
            ATEXT + "(?:\\." + ATEXT + ")*@(?:" + LABEL + "\\.)+[A-Za-z]{2,63}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\h,;]+");

    private EmailAddresses() {
    }

    /** The addresses found in a pasted list, in order of first appearance, and the tokens that are not addresses. */
    public record ParsedAddresses(List<String> valid, List<String> invalid) {
        public ParsedAddresses {
            valid = List.copyOf(valid);
            invalid = List.copyOf(invalid);
        }
    }

    /** HTML5 "valid e-mail address" syntax, plus a top-level domain of letters and the SMTP length limits. */
    public static boolean isValid(String address) {
        if (address == null || address.length() > 254) {
            return false;
        }
        int at = address.indexOf('@');
        return at > 0 && at <= 64 && ADDRESS.matcher(address).matches();
    }

    /** Splits a list separated by spaces, commas, semicolons or new lines; accepts {@code <a@b.fr>} and mailto:. */
    public static ParsedAddresses parse(String pasted) {
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        if (pasted == null) {
            return new ParsedAddresses(valid, invalid);
        }
        Set<String> seenValid = new HashSet<>();
        Set<String> seenInvalid = new HashSet<>();
        for (String token : SEPARATORS.split(pasted.strip())) {
            if (token.isEmpty()) {
                continue;
            }
            String address = unwrap(token);
            if (isValid(address)) {
                if (seenValid.add(address.toLowerCase(Locale.ROOT))) {
                    valid.add(address);
                }
            } else if (seenInvalid.add(token.toLowerCase(Locale.ROOT))) {
                invalid.add(token);
            }
        }
        return new ParsedAddresses(valid, invalid);
    }

    private static String unwrap(String token) {
        String address = token;
        if (address.length() > 2 && address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.regionMatches(true, 0, "mailto:", 0, 7)) {
            address = address.substring(7);
        }
        return address;
    }
}
