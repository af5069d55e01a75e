package fr.messagerie.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Stands in for the Cognito JWT authorizers: two development agents of two organisms and the procurement platform's
 * integration, each with an opaque bearer token. The tokens are kept in the data folder so that copied curl
 * commands keep working after a restart.
 */
public final class DevelopmentAgents {

    /** One development agent: its token and the claims API Gateway would pass on once the JWT is verified. */
    public record Agent(String key, String token, Map<String, String> claims) {
        public String name() {
            return claims.get("name");
        }

        public String organism() {
            return claims.get("custom:organism");
        }
    }

    public static final Map<String, String> ALICE = Map.of("sub", "agent-alice", "name", "Alice MARTIN",
            "email", "alice.martin@departement13.fr", "custom:organism", "departement-13",
            "custom:purchasingEntity", "Direction des Systèmes d'Information");
    public static final Map<String, String> BRUNO = Map.of("sub", "agent-bruno", "name", "Bruno ROUX",
            "email", "bruno.roux@region-sud.fr", "custom:organism", "region-sud",
            "custom:purchasingEntity", "Direction des achats");
    /**
     * The claims of the platform's client-credentials access token: its scope opens the integration routes (PUT
     * /organisms/…, PUT /consultations/…); it names no organism, the platform serving them all.
     */
    public static final Map<String, String> PLATFORM = Map.of("sub", "plateforme-locale",
            "client_id", "plateforme-locale", "token_use", "access", "scope", "messagerie/integration");
    /** The organisms register of the development agents' organisms, as the platform provisions it. */
    public static final Map<String, String> ORGANISM_NAMES = Map.of(
            "departement-13", "Département des Bouches-du-Rhône",
            "region-sud", "Région Sud");
    private static final String PLATFORM_KEY = "plateforme";
    private static final String TOKENS_FILE = "dev-tokens.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Agent> agents;
    private final Agent platform;

    private DevelopmentAgents(List<Agent> agents, Agent platform) {
        this.agents = List.copyOf(agents);
        this.platform = platform;
    }

    /** Reads the tokens kept in {@code dataDirectory}, or makes new ones and keeps them there. */
    static DevelopmentAgents load(Path dataDirectory) {
        Path file = dataDirectory.resolve(TOKENS_FILE);
        Properties tokens = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    tokens.load(reader);
                }
            }
            Map<String, Map<String, String>> claims = new LinkedHashMap<>();
            claims.put("alice", ALICE);
            claims.put("bruno", BRUNO);
            claims.put(PLATFORM_KEY, PLATFORM);
            boolean changed = false;
            for (String key : claims.keySet()) {
                if (tokens.getProperty(key, "").isBlank()) {
                    tokens.setProperty(key, "dev-" + key + "-" + HexFormat.of().formatHex(randomBytes()));
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(dataDirectory);
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    tokens.store(writer, "Jetons de développement de la messagerie locale");
                }
            }
            List<Agent> identities = claims.entrySet().stream()
                    .map(entry -> new Agent(entry.getKey(), tokens.getProperty(entry.getKey()), entry.getValue()))
                    .toList();
            return new DevelopmentAgents(identities.subList(0, 2), identities.get(2));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the development tokens in " + file, e);
        }
    }

    public List<Agent> all() {
        return agents;
    }

    public Agent alice() {
        return agents.get(0);
    }

    public Agent bruno() {
        return agents.get(1);
    }

    /** The procurement platform's integration token (no agent: it is not listed with them). */
    public Agent platform() {
        return platform;
    }

    /** The claims of a verified token, from an Authorization header; empty when missing or unknown (401). */
    Optional<Map<String, String>> claims(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).trim();
        return Stream.concat(agents.stream(), Stream.of(platform))
                .filter(agent -> agent.token().equals(token)).findFirst().map(Agent::claims);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
