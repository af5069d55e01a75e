package fr.messagerie.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The whole program of a cold-start measurement, copied alone into its own classpath folder: everything else (the
 * handler, the Lambda interfaces, the event classes, Jackson) comes from the function's jar. It instantiates the
 * handler through its Map constructor (Lambda's init); with {@code primed}, runs the CRaC hooks the handler
 * registered (what Lambda does before a SnapStart snapshot, through the benchmark's own CRaC implementation); then
 * times the first request as the runtime serves it: the event read from JSON, the handler invoked, the response
 * written to JSON. The runtime's JSON is a Jackson of its own, loaded apart from the function's (as Lambda's runtime
 * has its own serializer), so that priming cannot warm it. Prints {@code FIRST-RESPONSE <summary> <nanoseconds>}.
 * Arguments: handler class, event class, event JSON file, environment properties file, cold|primed, the runtime's
 * Jackson jars (path list). Deliberately a single class with no nested types, so that copying one .class file is
 * enough.
 */
public final class ColdStartLauncher {
    public static final String MARKER = "FIRST-RESPONSE";

    private ColdStartLauncher() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[3]), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> env = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> env.put(name, properties.getProperty(name)));

        String[] jars = args[5].split(java.io.File.pathSeparator);
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = Path.of(jars[i]).toUri().toURL();
        }
        ClassLoader runtime = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Class<?> mapperType = Class.forName("com.fasterxml.jackson.databind.ObjectMapper", true, runtime);
        Object mapper = mapperType.getConstructor().newInstance();
        Class<?> feature = Class.forName("com.fasterxml.jackson.databind.DeserializationFeature", true, runtime);
        mapperType.getMethod("configure", feature, boolean.class)
                .invoke(mapper, feature.getField("FAIL_ON_UNKNOWN_PROPERTIES").get(null), false);
        Method read = mapperType.getMethod("readValue", String.class, Class.class);
        Method write = mapperType.getMethod("writeValueAsString", Object.class);
        String json = Files.readString(Path.of(args[2]));
        Class<?> eventType = Class.forName(args[1]);
        Context context = context(args[0]);

        Object handler = Class.forName(args[0]).getConstructor(Map.class).newInstance(env);
        if ("primed".equals(args[4])) {
            Class.forName("org.crac.Core").getMethod("checkpointRestore").invoke(null);
        }

        long begin = System.nanoTime();
        Object event = read.invoke(mapper, json, eventType);
        Object response = ((RequestHandler<Object, Object>) handler).handleRequest(event, context);
        write.invoke(mapper, response);
        long firstRequest = System.nanoTime() - begin;
        System.out.println(MARKER + " " + summary(response) + " " + firstRequest);
        System.out.flush();
        System.exit(0);
    }

    private static Context context(String functionName) {
        ClassLoader loader = ColdStartLauncher.class.getClassLoader();
        LambdaLogger logger = (LambdaLogger) Proxy.newProxyInstance(loader, new Class<?>[] {LambdaLogger.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && !(args[0] instanceof byte[])) {
                        System.err.println(args[0]);
                    }
                    return null;
                });
        String requestId = UUID.randomUUID().toString();
        return (Context) Proxy.newProxyInstance(loader, new Class<?>[] {Context.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getFunctionName", "getLogStreamName", "getLogGroupName" -> functionName;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger" -> logger;
                    case "toString" -> "ColdStartContext";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** "status=200" for an HTTP response, "failures=0" for an SQS batch response. */
    private static String summary(Object response) {
        if (response == null) {
            return "null";
        }
        for (String getter : new String[] {"getStatusCode", "getBatchItemFailures"}) {
            try {
                Method method = response.getClass().getMethod(getter);
                Object value = method.invoke(response);
                return getter.equals("getStatusCode") ? "status=" + value
                        : "failures=" + (value == null ? 0 : ((java.util.Collection<?>) value).size());
            } catch (ReflectiveOperationException e) {
                // Not this kind of response.
            }
        }
        return response.getClass().getSimpleName();
    }
}
