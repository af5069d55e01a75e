package fr.messagerie.sam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A parsed SAM template: resources, parameters, globals and the functions with their events. */
public final class SamTemplate {

    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final int SAM_DEFAULT_TIMEOUT = 3;
    private static final int SAM_DEFAULT_MEMORY = 128;

    private final Map<String, Object> root;
    private final Map<String, TemplateResource> resources;
    private final Map<String, TemplateParameter> parameters;
    private final List<FunctionDefinition> functions;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
        this.resources = readResources(root);
        this.parameters = readParameters(root);
        this.functions = resources.values().stream()
                .filter(resource -> resource.isOfType(FUNCTION_TYPE))
                .map(this::readFunction)
                .toList();
    }

    public static SamTemplate load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TemplateException("Cannot read " + file, e);
        }
    }

    public static SamTemplate parse(String yaml) {
        return new SamTemplate(CloudFormationYaml.parse(yaml));
    }

    /** Resources by logical id, in template order. */
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    public TemplateResource resource(String logicalId) {
        TemplateResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException("No resource " + logicalId + " in the template");
        }
        return resource;
    }

    public List<TemplateResource> resourcesOfType(String type) {
        return resources.values().stream().filter(resource -> resource.isOfType(type)).toList();
    }

    public Map<String, TemplateParameter> parameters() {
        return parameters;
    }

    /** A top-level section (Globals, Conditions, Mappings, Outputs...), empty when absent. */
    public Map<String, Object> section(String name) {
        return mapOrEmpty(root.get(name));
    }

    public Map<String, Object> globals() {
        return section("Globals");
    }

    public List<FunctionDefinition> functions() {
        return functions;
    }

    public FunctionDefinition function(String logicalId) {
        return functions.stream()
                .filter(function -> function.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new TemplateException("No function " + logicalId + " in the template"));
    }

    public List<HttpRoute> httpRoutes() {
        return functions.stream().flatMap(function -> function.httpRoutes().stream()).toList();
    }

    public List<SqsTrigger> sqsTriggers() {
        return functions.stream().flatMap(function -> function.sqsTriggers().stream()).toList();
    }

    /** The logical id behind a reference such as {@code !Ref X} or {@code !GetAtt X.Arn}, if it is one. */
    public static Optional<String> referencedLogicalId(Object value) {
        if (value instanceof Intrinsic.Ref ref) {
            return Optional.of(ref.target());
        }
        if (value instanceof Intrinsic.GetAtt getAtt) {
            return Optional.of(getAtt.resource());
        }
        return Optional.empty();
    }

    /** A template value as a mapping; anything else (absent, a scalar, a list) as an empty one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapOrEmpty(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A template value as a list; anything else as an empty one. */
    public static List<?> listOrEmpty(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Map<String, TemplateResource> readResources(Map<String, Object> root) {
        Map<String, TemplateResource> result = new LinkedHashMap<>();
        mapOrEmpty(root.get("Resources")).forEach((logicalId, definition) -> {
            Map<String, Object> body = mapOrEmpty(definition);
            result.put(logicalId, new TemplateResource(logicalId, String.valueOf(body.get("Type")),
                    mapOrEmpty(body.get("Properties"))));
        });
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, TemplateParameter> readParameters(Map<String, Object> root) {
        Map<String, TemplateParameter> result = new LinkedHashMap<>();
        mapOrEmpty(root.get("Parameters")).forEach((name, definition) -> {
            Map<String, Object> body = mapOrEmpty(definition);
            result.put(name, new TemplateParameter(name, String.valueOf(body.get("Type")), body.get("Default")));
        });
        return Collections.unmodifiableMap(result);
    }

    private FunctionDefinition readFunction(TemplateResource resource) {
        Map<String, Object> globals = mapOrEmpty(globals().get("Function"));
        String handler = String.valueOf(firstNonNull(resource.property("Handler"), globals.get("Handler")));
        int separator = handler.indexOf("::");
        String handlerClass = separator < 0 ? handler : handler.substring(0, separator);
        String handlerMethod = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        Object codeUri = firstNonNull(resource.property("CodeUri"), globals.get("CodeUri"));
        int timeout = intValue(firstNonNull(resource.property("Timeout"), globals.get("Timeout")), SAM_DEFAULT_TIMEOUT);
        int memory = intValue(firstNonNull(resource.property("MemorySize"), globals.get("MemorySize")),
                SAM_DEFAULT_MEMORY);

        Map<String, Object> environment = new LinkedHashMap<>(environmentVariables(globals));
        environment.putAll(environmentVariables(resource.properties()));

        List<HttpRoute> routes = new ArrayList<>();
        List<SqsTrigger> triggers = new ArrayList<>();
        mapOrEmpty(resource.property("Events")).forEach((eventId, eventDefinition) -> {
            Map<String, Object> event = mapOrEmpty(eventDefinition);
            Map<String, Object> properties = mapOrEmpty(event.get("Properties"));
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> routes.add(readRoute(resource.logicalId(), eventId, properties));
                case "SQS" -> triggers.add(readSqsTrigger(resource.logicalId(), eventId, properties));
                default -> { /* other event sources are not run locally */ }
            }
        });
        return new FunctionDefinition(resource.logicalId(), handlerClass, handlerMethod,
                codeUri == null ? null : String.valueOf(codeUri), timeout, memory,
                Collections.unmodifiableMap(environment), List.copyOf(routes), List.copyOf(triggers), resource);
    }

    private static Map<String, Object> environmentVariables(Map<String, Object> owner) {
        return mapOrEmpty(mapOrEmpty(owner.get("Environment")).get("Variables"));
    }

    private HttpRoute readRoute(String functionId, String eventId, Map<String, Object> properties) {
        String method = properties.containsKey("Method")
                ? String.valueOf(properties.get("Method")).toUpperCase(Locale.ROOT) : "ANY";
        String path = properties.containsKey("Path") ? String.valueOf(properties.get("Path")) : "$default";
        String apiId = SamTemplate.referencedLogicalId(properties.get("ApiId")).orElse(HttpRoute.IMPLICIT_API);
        String authorizer = authorizerOf(apiId, properties);
        List<String> scopes = authorizer == null ? List.of()
                : listOrEmpty(mapOrEmpty(properties.get("Auth")).get("AuthorizationScopes")).stream()
                .map(String::valueOf).toList();
        return new HttpRoute(functionId, eventId, method, path, apiId, authorizer, scopes);
    }

    /** The event's own Auth.Authorizer wins, then the API's DefaultAuthorizer, then Globals.HttpApi's; NONE is public. */
    private String authorizerOf(String apiId, Map<String, Object> eventProperties) {
        Object explicit = mapOrEmpty(eventProperties.get("Auth")).get("Authorizer");
        Object apiDefault = resources.containsKey(apiId)
                ? mapOrEmpty(resources.get(apiId).property("Auth")).get("DefaultAuthorizer") : null;
        Object globalDefault = mapOrEmpty(mapOrEmpty(globals().get("HttpApi")).get("Auth")).get("DefaultAuthorizer");
        Object authorizer = firstNonNull(explicit, firstNonNull(apiDefault, globalDefault));
        return authorizer == null || "NONE".equals(authorizer) ? null : String.valueOf(authorizer);
    }

    private static SqsTrigger readSqsTrigger(String functionId, String eventId, Map<String, Object> properties) {
        String queueId = referencedLogicalId(properties.get("Queue")).orElse(null);
        int batchSize = intValue(properties.get("BatchSize"), 10);
        List<String> responseTypes = listOrEmpty(properties.get("FunctionResponseTypes")).stream()
                .map(String::valueOf)
                .toList();
        return new SqsTrigger(functionId, eventId, queueId, batchSize, responseTypes);
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }

    private static int intValue(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }
}
