package fr.messagerie.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a local run: where the template and the SES server are, the local region, account and stack name,
 * the template parameter values, and optionally a directory that keeps S3 objects on disk.
 */
public record LocalConfig(Path templateFile, Path sesServerDirectory, String region, String accountId,
                          String stackName, Map<String, String> parameters, Path s3DataDirectory) {

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

    /** The repository's template.yaml and infrastructure/ses-server, with the default local values. */
    public static LocalConfig forRepository(Path repositoryRoot) {
        return new LocalConfig(repositoryRoot.resolve("template.yaml"),
                repositoryRoot.resolve("infrastructure").resolve("ses-server"),
                DEFAULT_REGION, DEFAULT_ACCOUNT, DEFAULT_STACK, DEFAULT_PARAMETERS, null);
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
        return new LocalConfig(file, sesServerDirectory, region, accountId, stackName, parameters, s3DataDirectory);
    }

    public LocalConfig withStackName(String name) {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, name, parameters, s3DataDirectory);
    }

    public LocalConfig withParameter(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, copy, s3DataDirectory);
    }

    public LocalConfig withS3DataDirectory(Path directory) {
        return new LocalConfig(templateFile, sesServerDirectory, region, accountId, stackName, parameters, directory);
    }

    public Optional<Path> s3Directory() {
        return Optional.ofNullable(s3DataDirectory);
    }
}
