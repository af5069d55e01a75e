package fr.messagerie.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Configures SDK clients from a function's environment: explicit region, credentials, the lightweight
 * URLConnection HTTP client (fastest cold start), and an endpoint override (AWS_ENDPOINT_URL_&lt;SERVICE&gt; or
 * AWS_ENDPOINT_URL) for the local runtime and the tests. Clients are built once per container by the handlers.
 */
public final class AwsClients {
    /**
     * Set in the environment of a priming twin ({@link Priming#offline}): its clients answer in the process and sign
     * with throw-away credentials, so that priming neither calls AWS nor resolves the function's credentials.
     */
    static final String OFFLINE = "MESSAGERIE_PRIMING_OFFLINE";
    private static final AwsCredentialsProvider OFFLINE_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));

    private AwsClients() {
    }

    /** @param service the suffix of the endpoint variable: DYNAMODB, SQS, SESV2, S3 */
    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Map<String, String> env, String service) {
        boolean offline = env.containsKey(OFFLINE);
        builder.httpClient(offline ? OfflineHttpClient.INSTANCE : Http.CLIENT)
                .region(Region.of(env.getOrDefault("AWS_REGION", "eu-west-3")))
                .credentialsProvider(offline ? OFFLINE_CREDENTIALS : credentials(env));
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /**
     * Fails now when a setting is missing, as wiring at init did: the lazy wiring checks the settings of its clients
     * at init and builds them on first use.
     */
    public static void requireAll(Map<String, String> env, String... names) {
        for (String name : names) {
            required(env, name);
        }
    }

    public static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing environment variable " + name);
        }
        return value;
    }

    /**
     * The one HTTP client of the function's SDK clients, built with the first of them (its TLS context included):
     * reading a setting ({@link #required}) or wiring an offline twin builds none.
     */
    private static final class Http {
        static final SdkHttpClient CLIENT = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(session == null
                ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, session));
    }
}
