package fr.messagerie.sam;

import fr.messagerie.servers.ServerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a local run: where the template and the SES server are, the local region, account and stack name,
 * the template parameter values, optionally a directory that keeps S3 objects on disk, and where the functions' code
 * comes from: each function's own Lambda jar ({@code CodeUri}, under the build's {@code targetName} folder), or, for
 * templates of test handlers, the caller's classpath.
 */
public record LocalConfig(Path templateFile, Path sesServerDirectory, String region, String accountId,
                          String stackName, Map<String, String> parameters, Path s3DataDirectory,
                          String targetName, boolean handlersFromClasspath) {

    public static final String DEFAULT_REGION = "eu-west-3";
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_STACK = "messagerie-local";
    public static final Map<String, String> DEFAULT_PARAMETERS = Map.of(
            "SenderAddress", "nepasrepondre@messagerie.local",
            "SenderIdentity", "messagerie.local",
            "RecipientBaseUrl", "http://localhost:8080");

    public LocalConfig {
        parameters = Map.copyOf(parameters);
    }

    /** The repository's template.yaml and infrastructure/servers/ses-server, with the default local values. */
    public static LocalConfig forRepository(Path repositoryRoot) {
        return new LocalConfig(repositoryRoot.resolve("template.yaml"),
                repositoryRoot.resolve("infrastructure").resolve("servers").resolve("ses-server"),
                DEFAULT_REGION, DEFAULT_ACCOUNT, DEFAULT_STACK, DEFAULT_PARAMETERS, null, defaultTargetName(), false);
    }

    /** The build's output folder: surefire passes it as messagerie.targetName, {@code mvn -DtargetName=...} as targetName. */
    static String defaultTargetName() {
        for (String property : List.of("messagerie.targetName", "targetName")) {
            String value = System.getProperty(property, "");
            if (!value.isBlank() && !value.startsWith("${")) {
                return value;
            }
        }
        return "target";
    }

    /** {@link #forRepository} for the repository that contains the working directory. */
    public static LocalConfig discover() {
        return forRepository(findRepositoryRoot(Path.of(System.getProperty("user.dir"))));
    }

    /** Walks up from {@code start} to the first directory holding template.yaml. */
    public static Path findRepositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml in " + start.toAbsolutePath() + " or above");
    }

    public LocalConfig withTemplate(Path file) {
        return new LocalConfig(file, sesServerDirectory, region, accountId, stackName, parameters, s3DataDirectory,
                targetName, handlersFromClasspath);
    }

    public LocalConfig withStackName(String name) {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, name, parameters, s3DataDirectory,
                targetName, handlersFromClasspath);
    }

    public LocalConfig withParameter(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, copy, s3DataDirectory,
                targetName, handlersFromClasspath);
    }

    public LocalConfig withS3DataDirectory(Path directory) {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, parameters, directory,
                targetName, handlersFromClasspath);
    }

    /** The functions' jars are under {@code <module>/<name>/} instead of {@code <module>/target/}. */
    public LocalConfig withTargetName(String name) {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, parameters,
                s3DataDirectory, name, handlersFromClasspath);
    }

    /** Handlers are loaded from the caller's classpath: for templates of test handlers, which have no jar. */
    public LocalConfig withHandlersFromClasspath() {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, parameters,
                s3DataDirectory, targetName, true);
    }

    /** Where a function's Lambda jar is: its CodeUri, relative to the template, in the build's output folder. */
    public Path functionJar(String codeUri) {
        return templateFile.toAbsolutePath().getParent().resolve(codeUri.replace("/target/", "/" + targetName + "/"));
    }

    /** What the local AWS servers need of these settings; s3proxy allows the AgentFrontEndOrigin parameter. */
    public ServerConfig servers() {
        return new ServerConfig(region, accountId, s3DataDirectory, parameters.get("AgentFrontEndOrigin"),
                sesServerDirectory);
    }

    public Optional<Path> s3Directory() {
        return Optional.ofNullable(s3DataDirectory);
    }
}
