package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A function's handler run from its own Lambda jar, in a class loader of its own whose parent is the JDK's platform
 * loader, as Lambda runs it: only what the jar carries is there, so a class the jar lacks fails here rather than in
 * AWS. Events and responses cross the class-loader boundary as JSON, the way they reach a Lambda function: the event
 * is written from the harness's event classes and read into the jar's own, the response the other way round.
 */
final class JarHandler implements RequestHandler<Object, Object> {

    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String functionId;
    private final URLClassLoader loader;
    private final Object handler;
    private final Method handleRequest;
    private final Class<?> contextType;
    private final Class<?> loggerType;

    private JarHandler(String functionId, URLClassLoader loader, Object handler, Method handleRequest) {
        this.functionId = functionId;
        this.loader = loader;
        this.handler = handler;
        this.handleRequest = handleRequest;
        this.contextType = handleRequest.getParameterTypes()[1];
        try {
            this.loggerType = loader.loadClass(LOGGER);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(functionId + ": its jar has no " + LOGGER, e);
        }
    }

    /** A class loader of the jar alone (and the JDK): the code of one deployed function. */
    static URLClassLoader classLoaderOf(String functionId, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(functionId + ": no Lambda jar " + jar + ". Build the functions first: "
                    + "mvn -B -DskipTests package (mvn verify does it before the tests)");
        }
        return new URLClassLoader("function " + functionId, new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader());
    }

    /**
     * Loads {@code handlerClass} from the function's class loader and builds it with its {@code Map<String, String>}
     * constructor (the function's environment), as the Lambda runtime's init phase would; a failing constructor is an
     * init error.
     */
    static JarHandler create(String functionId, URLClassLoader loader, String handlerClass,
                             Map<String, String> environment) {
        try {
            Object handler = inContext(loader, () -> {
                Class<?> type = Class.forName(handlerClass, true, loader);
                return type.getConstructor(Map.class).newInstance(environment);
            });
            return new JarHandler(functionId, loader, handler, handleRequest(handler.getClass(), functionId));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Init error of " + functionId + " (" + handlerClass + ")", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Cannot instantiate " + handlerClass + " from " + loader.getName()
                    + "'s jar through a public constructor taking Map<String, String>", e);
        }
    }

    /** The class loader of the jar, for tests that look at what it holds. */
    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public Object handleRequest(Object event, Context context) {
        Object jarEvent = cross(event, handleRequest.getParameterTypes()[0]);
        Object jarContext = proxy(contextType, context);
        Object result;
        try {
            result = inContext(loader, () -> handleRequest.invoke(handler, jarEvent, jarContext));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            // An Error (NoClassDefFoundError, say) is a function error, as Lambda reports it.
            throw new IllegalStateException(functionId + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(functionId + ": cannot invoke its handler", e);
        }
        return result == null ? null : cross(result, localTypeOf(result.getClass()));
    }

    /** {@code handleRequest(EventType, Context)} as the class declares it (not the bridge method of the interface). */
    private static Method handleRequest(Class<?> type, String functionId) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals("handleRequest") && method.getParameterCount() == 2
                        && method.getParameterTypes()[1].getName().equals(CONTEXT))
                .min((first, second) -> Boolean.compare(first.isBridge(), second.isBridge()))
                .orElseThrow(() -> new IllegalStateException(functionId + ": " + type.getName()
                        + " has no handleRequest(event, Context)"));
    }

    /** The harness's class of the same name (the Lambda events), or a plain JSON value when it has none. */
    private static Class<?> localTypeOf(Class<?> jarType) {
        try {
            return Class.forName(jarType.getName(), false, JarHandler.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Object.class;
        }
    }

    /** The jar's Context or LambdaLogger interface, answered by the harness's own. */
    private Object proxy(Class<?> jarInterface, Object local) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {jarInterface}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return functionId + " " + jarInterface.getSimpleName();
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "log":
                    // log(String), log(byte[]) and their LogLevel variants: the level is the harness logger's.
                    if (args[0] instanceof byte[] bytes) {
                        ((com.amazonaws.services.lambda.runtime.LambdaLogger) local).log(bytes);
                    } else {
                        ((com.amazonaws.services.lambda.runtime.LambdaLogger) local).log(String.valueOf(args[0]));
                    }
                    return null;
                case "getLogger":
                    return proxy(loggerType, ((Context) local).getLogger());
                case "getIdentity":
                case "getClientContext":
                    return null;
                default:
                    // The other methods of Context are getters of plain values.
                    return Context.class.getMethod(method.getName()).invoke(local);
            }
        });
    }

    /** {@code value} written as JSON and read back as {@code type}, which may come from another class loader. */
    static Object cross(Object value, Class<?> type) {
        return fromJson(toJson(value), type);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static Object fromJson(String json, Class<?> type) {
        try {
            return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read JSON as " + type.getName(), e);
        }
    }

    private interface Action<T> {
        T run() throws ReflectiveOperationException;
    }

    /** Runs with the jar's loader as context class loader, as the SDK's service lookups expect. */
    private static <T> T inContext(ClassLoader loader, Action<T> action) throws ReflectiveOperationException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }

}
