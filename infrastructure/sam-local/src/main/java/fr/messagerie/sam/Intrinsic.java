package fr.messagerie.sam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CloudFormation intrinsic function found in the template, short form (!Ref) or long form (Ref:). */
public sealed interface Intrinsic {

    /** {@code !Ref target}: a parameter, a pseudo-parameter or a resource. */
    record Ref(String target) implements Intrinsic {
    }

    /** {@code !GetAtt resource.attribute}. */
    record GetAtt(String resource, String attribute) implements Intrinsic {

        static GetAtt parse(Object argument) {
            if (argument instanceof List<?> parts && parts.size() == 2) {
                return new GetAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            String text = String.valueOf(argument);
            int dot = text.indexOf('.');
            if (dot <= 0) {
                throw new TemplateException("Malformed GetAtt: " + text);
            }
            return new GetAtt(text.substring(0, dot), text.substring(dot + 1));
        }
    }

    /** {@code !Sub template} or {@code !Sub [template, {variables}]}. */
    record Sub(String template, Map<String, Object> variables) implements Intrinsic {

        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

        @SuppressWarnings("unchecked")
        static Sub parse(Object argument) {
            if (argument instanceof List<?> parts && parts.size() == 2) {
                return new Sub(String.valueOf(parts.get(0)), (Map<String, Object>) parts.get(1));
            }
            return new Sub(String.valueOf(argument), Map.of());
        }

        /** Names between ${ and }, literals (${!...}) excluded. */
        public List<String> placeholders() {
            List<String> names = new ArrayList<>();
            Matcher matcher = PLACEHOLDER.matcher(template);
            while (matcher.find()) {
                String name = matcher.group(1).trim();
                if (!name.startsWith("!")) {
                    names.add(name);
                }
            }
            return names;
        }

        /** Replaces every placeholder with {@code valueOf(name)}; ${!Literal} becomes ${Literal}. */
        public String render(UnaryOperator<String> valueOf) {
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1).trim();
                String replacement = name.startsWith("!") ? "${" + name.substring(1) + "}" : valueOf.apply(name);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    /** Any other {@code Fn::Name} (Join, Select, If, Equals, FindInMap...), name without the "Fn::" prefix. */
    record Function(String name, Object argument) implements Intrinsic {

        public List<?> arguments() {
            if (argument instanceof List<?> list) {
                return list;
            }
            throw new TemplateException("Fn::" + name + " expects a list, got: " + argument);
        }
    }

    /** Builds the intrinsic for a function name, short ("GetAtt") or long ("Fn::GetAtt"). */
    static Intrinsic of(String name, Object argument) {
        String shortName = name.startsWith("Fn::") ? name.substring(4) : name;
        return switch (shortName) {
            case "Ref" -> new Ref(String.valueOf(argument));
            case "GetAtt" -> GetAtt.parse(argument);
            case "Sub" -> Sub.parse(argument);
            default -> new Function(shortName, argument);
        };
    }
}
