package fr.messagerie.local;

import fr.messagerie.sam.LocalConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole local system on a free port, started once per test JVM for every class that asks for a
 * {@link LocalRuntime} parameter, stopped at the end of the run. Shared: use unique addresses.
 */
public final class LocalRuntimeExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalRuntimeExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class).runtime();
    }

    /** JUnit closes AutoCloseable values of the root store at the end of the run. */
    private record Shared(LocalRuntime runtime, Path data) implements AutoCloseable {
        static Shared start() {
            try {
                Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "local-runtime");
                Path root = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
                return new Shared(LocalRuntime.start(new RuntimeOptions(0, data, false, root)), data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            runtime.close();
        }
    }
}
