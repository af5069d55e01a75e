package fr.messagerie.sam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Selects a route like API Gateway HTTP APIs do: the most specific path wins, greedy {proxy+} and $default last. */
final class HttpRouteTable {

    private static final Comparator<HttpRoute> MOST_SPECIFIC_FIRST = Comparator
            .comparing((HttpRoute route) -> "$default".equals(route.path()))
            .thenComparing(route -> route.path().contains("+}"))
            .thenComparing(route -> -literalSegments(route.path()))
            .thenComparing(route -> "ANY".equals(route.method()));

    private final List<HttpRoute> routes;

    HttpRouteTable(List<HttpRoute> routes) {
        this.routes = routes.stream().sorted(MOST_SPECIFIC_FIRST).toList();
    }

    Optional<RouteMatch> match(String method, String path) {
        for (HttpRoute route : routes) {
            if (!route.method().equals("ANY") && !route.method().equalsIgnoreCase(method)) {
                continue;
            }
            if ("$default".equals(route.path())) {
                return Optional.of(new RouteMatch(route, Map.of()));
            }
            Optional<Map<String, String>> parameters = matchPath(route.path(), path);
            if (parameters.isPresent()) {
                return Optional.of(new RouteMatch(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    static Optional<Map<String, String>> matchPath(String template, String path) {
        String[] expected = segments(template);
        String[] actual = segments(path);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            String segment = expected[i];
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (variable && segment.endsWith("+}")) {
                if (i >= actual.length) {
                    return Optional.empty();
                }
                String rest = String.join("/", Arrays.copyOfRange(actual, i, actual.length));
                parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
                return Optional.of(parameters);
            }
            if (i >= actual.length || actual[i].isEmpty()) {
                return Optional.empty();
            }
            if (variable) {
                parameters.put(segment.substring(1, segment.length() - 1), decode(actual[i]));
            } else if (!segment.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return expected.length == actual.length ? Optional.of(parameters) : Optional.empty();
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    private static long literalSegments(String path) {
        return Arrays.stream(segments(path)).filter(segment -> !segment.startsWith("{")).count();
    }

    /** Percent-decoding of a path segment, where '+' stays a plus sign. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
