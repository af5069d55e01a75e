package fr.messagerie.local;

import java.nio.file.Path;

/**
 * How the local runtime starts: HTTP port (0: any free port), the folder keeping DynamoDB tables and S3 objects
 * between runs, whether to empty it first, and the repository holding template.yaml.
 */
public record RuntimeOptions(int port, Path dataDirectory, boolean clean, Path repositoryRoot) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIRECTORY = ".local-data";

    /** {@code --port N}, {@code --data DIR}, {@code --clean}; the data folder defaults to .local-data at the root. */
    public static RuntimeOptions parse(String[] args, Path repositoryRoot) {
        int port = DEFAULT_PORT;
        Path data = repositoryRoot.resolve(DEFAULT_DATA_DIRECTORY);
        boolean clean = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].trim();
            switch (arg) {
                case "" -> { }
                case "--clean" -> clean = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--data" -> data = Path.of(value(args, ++i, arg)).toAbsolutePath();
                default -> throw new IllegalArgumentException("Option inconnue : " + arg
                        + " (options : --port N, --data DOSSIER, --clean)");
            }
        }
        return new RuntimeOptions(port, data, clean, repositoryRoot);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException("Valeur manquante après " + option);
        }
        return args[index];
    }
}
