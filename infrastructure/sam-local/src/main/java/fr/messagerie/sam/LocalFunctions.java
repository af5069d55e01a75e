package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's functions, each handler instantiated once on first use (like a warm Lambda container) through its
 * {@code Map<String, String>} constructor with the function's resolved environment. Each handler runs from its own
 * Lambda jar in a class loader of its own ({@link JarHandler}), unless the configuration loads test handlers from the
 * classpath.
 */
public final class LocalFunctions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctions.class);

    private final Map<String, FunctionDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments;
    private final PhysicalResources resources;
    private final LocalConfig config;
    private final Map<String, RequestHandler<Object, Object>> handlers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> reconfigured = new ConcurrentHashMap<>();
    private final Map<String, URLClassLoader> jars = new ConcurrentHashMap<>();

    LocalFunctions(List<FunctionDefinition> functions, Map<String, Map<String, String>> environments,
                   PhysicalResources resources, LocalConfig config) {
        functions.forEach(function -> definitions.put(function.logicalId(), function));
        this.environments = Map.copyOf(environments);
        this.resources = resources;
        this.config = config;
    }

    /**
     * Globals' and the function's variables, resolved to local values, plus region, credentials and the
     * AWS_ENDPOINT_URL_* overrides.
     */
    static Map<String, String> environmentOf(FunctionDefinition function, IntrinsicResolver resolver,
                                             Map<String, String> clientEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(resolver.resolveStrings(function.environment()));
        environment.putAll(clientEnvironment);
        return Map.copyOf(environment);
    }

    public FunctionDefinition definition(String functionId) {
        FunctionDefinition definition = definitions.get(functionId);
        if (definition == null) {
            throw new IllegalArgumentException("No function " + functionId + " in the template");
        }
        return definition;
    }

    public Map<String, String> environment(String functionId) {
        definition(functionId);
        return reconfigured.getOrDefault(functionId, environments.get(functionId));
    }

    /** The handler instance of a function, created on first call (a failing constructor is an init error). */
    public RequestHandler<Object, Object> handler(String functionId) {
        return handlers.computeIfAbsent(functionId, this::instantiate);
    }

    /**
     * Puts another handler in the place of the function's (one wired with a fault injector, say) until the returned
     * handle is closed; the next invocation then starts a fresh container.
     */
    @SuppressWarnings("unchecked")
    public AutoCloseable replace(String functionId, RequestHandler<?, ?> handler) {
        definition(functionId);
        handlers.put(functionId, (RequestHandler<Object, Object>) handler);
        return () -> handlers.remove(functionId);
    }

    /**
     * Sets or overrides environment variables of a function, as an update of its configuration does in Lambda: the
     * next invocation starts a fresh container with them, and another after the returned handle is closed.
     */
    public AutoCloseable reconfigure(String functionId, Map<String, String> variables) {
        Map<String, String> environment = new LinkedHashMap<>(environments.get(definition(functionId).logicalId()));
        environment.putAll(variables);
        reconfigured.put(functionId, Map.copyOf(environment));
        handlers.remove(functionId);
        return () -> {
            reconfigured.remove(functionId);
            handlers.remove(functionId);
        };
    }

    /** Invokes the function's handler with a fresh Lambda context, as one Lambda invocation. */
    public Object invoke(String functionId, Object event) {
        FunctionDefinition definition = definition(functionId);
        RequestHandler<Object, Object> handler = handler(functionId);
        var physical = resources.get(functionId);
        LocalLambdaContext context = new LocalLambdaContext(functionId, physical.ref(), physical.attribute("Arn"),
                definition.memorySize(), definition.timeoutSeconds());
        long begin = System.nanoTime();
        try {
            return handler.handleRequest(event, context);
        } finally {
            long elapsedMillis = (System.nanoTime() - begin) / 1_000_000;
            if (elapsedMillis > definition.timeoutSeconds() * 1000L) {
                LOG.warn("{} ran {} ms, beyond its {} s timeout: Lambda would have stopped it",
                        functionId, elapsedMillis, definition.timeoutSeconds());
            }
        }
    }

    /** Releases the functions' jars. */
    @Override
    public void close() {
        handlers.clear();
        jars.values().forEach(loader -> {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("Could not close {}", loader.getName(), e);
            }
        });
        jars.clear();
    }

    private RequestHandler<Object, Object> instantiate(String functionId) {
        FunctionDefinition definition = definition(functionId);
        if (!"handleRequest".equals(definition.handlerMethod())) {
            throw new IllegalStateException(functionId + ": only RequestHandler::handleRequest handlers run locally");
        }
        if (config.handlersFromClasspath()) {
            return fromClasspath(functionId, definition);
        }
        if (definition.codeUri() == null) {
            throw new IllegalStateException(functionId + " has no CodeUri");
        }
        // One class loader per function, like its deployed code; each container is a new handler instance in it.
        URLClassLoader jar = jars.computeIfAbsent(functionId,
                id -> JarHandler.classLoaderOf(id, config.functionJar(definition.codeUri())));
        return JarHandler.create(functionId, jar, definition.handlerClass(), environment(functionId));
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> fromClasspath(String functionId, FunctionDefinition definition) {
        try {
            Class<?> type = Class.forName(definition.handlerClass(), true, classLoader());
            if (!RequestHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(definition.handlerClass() + " does not implement RequestHandler");
            }
            Constructor<?> constructor = type.getConstructor(Map.class);
            return (RequestHandler<Object, Object>) constructor.newInstance(environment(functionId));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Init error of " + functionId + " (" + definition.handlerClass() + ")",
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate " + definition.handlerClass() + " for " + functionId
                    + " through a public constructor taking Map<String, String>", e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : LocalFunctions.class.getClassLoader();
    }
}
