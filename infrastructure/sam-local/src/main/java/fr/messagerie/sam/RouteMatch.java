package fr.messagerie.sam;

import java.util.Map;

/** The route a request path selects, with the path parameters it captured (percent-decoded). */
public record RouteMatch(HttpRoute route, Map<String, String> pathParameters) {
}
