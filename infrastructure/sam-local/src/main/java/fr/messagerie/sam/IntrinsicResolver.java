package fr.messagerie.sam;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Resolves template values to local physical values: !Ref, !GetAtt, !Sub, !Join, !If and the other intrinsics. */
public final class IntrinsicResolver {

    /** What AWS::NoValue resolves to: the enclosing key or list item disappears. */
    private static final Object NO_VALUE = new Object();

    private final SamTemplate template;
    private final LocalConfig config;
    private final Function<String, PhysicalResource> resources;

    /** {@code resources} gives the physical resource of a logical id (it may create it on first use). */
    public IntrinsicResolver(SamTemplate template, LocalConfig config, Function<String, PhysicalResource> resources) {
        this.template = template;
        this.config = config;
        this.resources = resources;
    }

    public static Map<String, String> pseudoParameters(LocalConfig config) {
        return Map.of(
                "AWS::Region", config.region(),
                "AWS::AccountId", config.accountId(),
                "AWS::StackName", config.stackName(),
                "AWS::StackId", "arn:aws:cloudformation:" + config.region() + ":" + config.accountId() + ":stack/"
                        + config.stackName() + "/00000000-0000-0000-0000-000000000000",
                "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com",
                "AWS::NotificationARNs", "");
    }

    /** Resolves a whole value tree; maps and lists are copied. AWS::NoValue entries are dropped. */
    public Object resolve(Object value) {
        Object resolved = resolveOrNoValue(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    public String resolveString(Object value) {
        Object resolved = resolve(value);
        return resolved == null ? null : asString(resolved);
    }

    /** Resolves every value of a map to a string, dropping those that resolve to nothing. */
    public Map<String, String> resolveStrings(Map<String, Object> values) {
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String resolved = resolveString(value);
            if (resolved != null) {
                result.put(name, resolved);
            }
        });
        return result;
    }

    /** True for parameters, pseudo-parameters and resources: the names a Ref or a Sub placeholder may use. */
    public boolean isReferenceable(String name) {
        return pseudoParameters(config).containsKey(name) || "AWS::NoValue".equals(name)
                || template.parameters().containsKey(name) || template.resources().containsKey(name);
    }

    private Object resolveOrNoValue(Object value) {
        if (value instanceof Intrinsic intrinsic) {
            return resolveIntrinsic(intrinsic);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                Object resolved = resolveOrNoValue(item);
                if (resolved != NO_VALUE) {
                    copy.put(String.valueOf(key), resolved);
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolveOrNoValue(item);
                if (resolved != NO_VALUE) {
                    copy.add(resolved);
                }
            }
            return copy;
        }
        return value;
    }

    private Object resolveIntrinsic(Intrinsic intrinsic) {
        if (intrinsic instanceof Intrinsic.Ref ref) {
            return ref(ref.target());
        }
        if (intrinsic instanceof Intrinsic.GetAtt getAtt) {
            return resources.apply(getAtt.resource()).attribute(getAtt.attribute());
        }
        if (intrinsic instanceof Intrinsic.Sub sub) {
            return sub(sub);
        }
        return function((Intrinsic.Function) intrinsic);
    }

    private Object ref(String name) {
        if ("AWS::NoValue".equals(name)) {
            return NO_VALUE;
        }
        String pseudo = pseudoParameters(config).get(name);
        if (pseudo != null) {
            return pseudo;
        }
        TemplateParameter parameter = template.parameters().get(name);
        if (parameter != null) {
            return parameterValue(parameter);
        }
        if (template.resources().containsKey(name)) {
            return resources.apply(name).ref();
        }
        throw new TemplateException("!Ref " + name + " names no parameter, pseudo-parameter or resource");
    }

    private Object parameterValue(TemplateParameter parameter) {
        Object value = config.parameters().containsKey(parameter.name())
                ? config.parameters().get(parameter.name()) : parameter.defaultValue();
        if (value == null) {
            throw new TemplateException("Parameter " + parameter.name() + " has no default and no local value");
        }
        if (parameter.type().startsWith("List<") || parameter.type().equals("CommaDelimitedList")) {
            return List.of(String.valueOf(value).split(",", -1));
        }
        return asString(value);
    }

    private String sub(Intrinsic.Sub sub) {
        return sub.render(name -> {
            if (sub.variables().containsKey(name)) {
                return resolveString(sub.variables().get(name));
            }
            int dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith("AWS::")) {
                return resources.apply(name.substring(0, dot)).attribute(name.substring(dot + 1));
            }
            return asString(ref(name));
        });
    }

    private Object function(Intrinsic.Function function) {
        return switch (function.name()) {
            case "Join" -> {
                List<?> args = function.arguments();
                yield ((List<?>) resolve(args.get(1))).stream().map(this::asString)
                        .collect(Collectors.joining(asString(args.get(0))));
            }
            case "Select" -> {
                List<?> args = function.arguments();
                yield ((List<?>) resolve(args.get(1))).get(Integer.parseInt(resolveString(args.get(0))));
            }
            case "Split" -> {
                List<?> args = function.arguments();
                yield List.of(resolveString(args.get(1)).split(Pattern.quote(asString(args.get(0))), -1));
            }
            case "Base64" -> Base64.getEncoder().encodeToString(
                    resolveString(function.argument()).getBytes(StandardCharsets.UTF_8));
            case "If" -> {
                List<?> args = function.arguments();
                yield resolveOrNoValue(condition(asString(args.get(0))) ? args.get(1) : args.get(2));
            }
            case "Equals" -> {
                List<?> args = function.arguments();
                yield asString(resolve(args.get(0))).equals(asString(resolve(args.get(1))));
            }
            case "Not" -> !truth(function.arguments().get(0));
            case "And" -> function.arguments().stream().allMatch(this::truth);
            case "Or" -> function.arguments().stream().anyMatch(this::truth);
            case "Condition" -> condition(asString(function.argument()));
            case "FindInMap" -> {
                List<?> args = function.arguments();
                Map<String, Object> map = SamTemplate.mapOrEmpty(template.section("Mappings")
                        .get(resolveString(args.get(0))));
                yield resolve(SamTemplate.mapOrEmpty(map.get(resolveString(args.get(1))))
                        .get(resolveString(args.get(2))));
            }
            case "GetAZs" -> List.of(config.region() + "a", config.region() + "b", config.region() + "c");
            default -> throw new TemplateException("Fn::" + function.name() + " is not supported locally");
        };
    }

    private boolean truth(Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("Condition")) {
            return condition(String.valueOf(map.get("Condition")));
        }
        return Boolean.parseBoolean(asString(resolve(value)));
    }

    private boolean condition(String name) {
        Object definition = template.section("Conditions").get(name);
        if (definition == null) {
            throw new TemplateException("No condition " + name);
        }
        return truth(definition);
    }

    private String asString(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(this::asString).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
