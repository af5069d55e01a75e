package fr.messagerie.sam;

import fr.messagerie.servers.LocalAws;
import fr.messagerie.servers.SesMailbox;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;
import java.util.function.Function;

/**
 * Starts the local AWS servers once per test JVM, provisions the repository's template.yaml on them on first need,
 * and injects the result:
 * <pre>
 * &#64;ExtendWith(LocalAwsExtension.class)
 * class SendIT {
 *     &#64;Test void sends(LocalSystem system) { system.api().post(...); system.sqs().drainAll(...); }
 * }
 * </pre>
 * Parameters of type LocalAws, LocalSystem, HttpApiInvoker, SqsFunctionPump, SesMailbox, SesEventStream and
 * PhysicalResources are resolved, in constructors, lifecycle methods and tests. Everything is shared by all test
 * classes of the JVM: use unique ids, or {@link LocalSystem#reset()}.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalAwsExtension.class);
    private static final Map<Class<?>, Function<LocalSystem, Object>> FROM_SYSTEM = Map.of(
            LocalSystem.class, system -> system,
            HttpApiInvoker.class, LocalSystem::api,
            SqsFunctionPump.class, LocalSystem::sqs,
            SesMailbox.class, LocalSystem::mailbox,
            SesEventStream.class, LocalSystem::sesEvents,
            PhysicalResources.class, LocalSystem::resources);

    /** The shared servers, started by the first caller and stopped when the root context closes. */
    public static LocalAws aws(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedAws.class, key -> new SharedAws(LocalAws.start(LocalConfig.discover().servers())),
                        SharedAws.class)
                .aws();
    }

    /** The repository's template provisioned on the shared servers. */
    public static LocalSystem system(ExtensionContext context) {
        LocalAws aws = aws(context);
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedSystem.class,
                        key -> new SharedSystem(LocalSystem.on(aws, LocalConfig.discover())), SharedSystem.class)
                .system();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        aws(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalAws.class || FROM_SYSTEM.containsKey(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalAws.class ? aws(context) : FROM_SYSTEM.get(type).apply(system(context));
    }

    /** JUnit closes AutoCloseable values of the root store at the end of the run (since JUnit 5.13). */
    private record SharedAws(LocalAws aws) implements AutoCloseable {
        @Override
        public void close() {
            aws.close();
        }
    }

    private record SharedSystem(LocalSystem system) implements AutoCloseable {
        @Override
        public void close() {
            system.close();
        }
    }
}
