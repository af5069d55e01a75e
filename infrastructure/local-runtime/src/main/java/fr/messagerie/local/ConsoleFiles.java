package fr.messagerie.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The buyers' console as built by npm in web/dist, served from the same origin as the API, with the content security
 * policy it has in AWS (no inline script).
 */
final class ConsoleFiles {

    /** Inline styles stay allowed: the rich-text bodies carry their text colour in style attributes. */
    static String contentSecurityPolicy(String storageOrigin) {
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self' " + storageOrigin + "; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'; object-src 'none'";
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "map", "application/json",
            "yaml", "application/yaml; charset=utf-8", "txt", "text/plain; charset=utf-8");

    record File(byte[] bytes, String contentType, boolean immutable) {
    }

    private final Path root;

    ConsoleFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    boolean built() {
        return Files.isRegularFile(root.resolve("index.html"));
    }

    /** The file of a request path ("/" is index.html); empty for anything outside the build folder. */
    Optional<File> get(String path) throws IOException {
        String relative = path.equals("/") ? "index.html" : path.substring(1);
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        // Vite names the assets after their content hash: they can be cached for ever.
        return Optional.of(new File(Files.readAllBytes(file), TYPES.getOrDefault(extension, "application/octet-stream"),
                relative.startsWith("assets/")));
    }
}
