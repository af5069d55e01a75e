package fr.messagerie.aws;

import fr.messagerie.files.FileStore;
import fr.messagerie.files.FileStore.PresignedForm;
import fr.messagerie.files.FileStore.PresignedUpload;
import fr.messagerie.files.FileStore.StoredFile;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3FileStore against s3proxy: what the presigned requests really let through, and the plain operations. */
@ExtendWith(LocalAwsExtension.class)
class S3FileStoreTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration VALIDITY = Duration.ofMinutes(5);
    private static final String REDIRECT = "https://messagerie.example/depot/termine?ref=42";

    private static FileStore store;
    private static FileStore storeFromEnv;
    private static String bucket;
    private static URI endpoint;

    @BeforeAll
    static void stores(LocalSystem system) {
        bucket = system.resources().bucketName("FilesBucket");
        endpoint = system.aws().endpoints().s3();
        store = new S3FileStore(system.aws().s3(), system.aws().s3Presigner(), bucket, Clock.systemUTC());
        Map<String, String> env = new HashMap<>(system.aws().clientEnvironment());
        env.put("FILES_BUCKET", bucket);
        storeFromEnv = S3FileStore.fromEnv(env);
    }

    // ------------------------------------------------------------------ presigned PUT

    @Test
    void presignedPutAcceptsTheDeclaredBody() throws Exception {
        String key = key();
        byte[] body = "Contenu du relevé, version 1".getBytes(StandardCharsets.UTF_8);
        PresignedUpload upload = storeFromEnv.presignPut(key, "application/pdf", body.length, sha256Base64(body),
                VALIDITY);

        assertEquals("PUT", upload.method());
        HttpResponse<String> response = put(upload, body);

        assertEquals(200, response.statusCode(), response::body);
        StoredFile stored = store.inspect(key).orElseThrow();
        assertEquals(new StoredFile(body.length, "application/pdf", sha256Hex(body)), stored);
    }

    @Test
    void presignedPutReturnsTheHeadersToSend() {
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        PresignedUpload upload = store.presignPut(key(), "text/plain", body.length, sha256Base64(body), VALIDITY);

        assertEquals(Map.of("Content-Type", "text/plain", "Content-Length", "3", "x-amz-checksum-sha256",
                sha256Base64(body)), upload.headers());
        assertTrue(upload.url().startsWith(endpoint + "/" + bucket + "/tests/s3-file-store/"), upload.url());
        assertTrue(upload.url().contains(
                "X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-checksum-sha256"), upload.url());
        assertTrue(Math.abs(Duration.between(Instant.now().plus(VALIDITY), upload.expiresAt()).toSeconds()) < 5);
    }

    @Test
    void presignedPutRefusesAnotherLength() throws Exception {
        byte[] body = "exactement ceci".getBytes(StandardCharsets.UTF_8);
        String key = key();
        PresignedUpload upload = store.presignPut(key, "text/plain", body.length, sha256Base64(body), VALIDITY);

        HttpResponse<String> response = put(upload, "exactement ceci, et plus".getBytes(StandardCharsets.UTF_8));

        // Content-Length is a signed header: another length is another request.
        assertEquals(403, response.statusCode(), response::body);
        assertEquals("SignatureDoesNotMatch", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(key));
    }

    @Test
    void presignedPutRefusesOtherBytesOfTheSameLength() throws Exception {
        byte[] body = "exactement ceci".getBytes(StandardCharsets.UTF_8);
        String key = key();
        PresignedUpload upload = store.presignPut(key, "text/plain", body.length, sha256Base64(body), VALIDITY);

        HttpResponse<String> response = put(upload, "EXACTEMENT CECI".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode(), response::body);
        assertEquals("BadDigest", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(key));
    }

    // ------------------------------------------------------------------ presigned POST

    @Test
    void presignedPostAcceptsAFileWithinTheLimitAndRedirects() throws Exception {
        String key = key();
        byte[] file = "pièce jointe".getBytes(StandardCharsets.UTF_8);
        PresignedForm form = storeFromEnv.presignPost(key, 100, REDIRECT, VALIDITY);

        HttpResponse<String> response = post(form.url(), form.fields(), file);

        assertEquals(303, response.statusCode(), response::body);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "&"), location);
        Map<String, String> query = query(URI.create(location));
        assertEquals(bucket, query.get("bucket"));
        assertEquals(key, query.get("key"), "the file is stored at the key of the form");
        assertEquals(response.headers().firstValue("ETag").orElseThrow(), query.get("etag"));
        assertEquals(sha256Hex(file), store.inspect(key).orElseThrow().sha256());
        assertEquals(endpoint + "/" + bucket + "/", form.url());
        assertEquals(List.of("key", "success_action_redirect", "x-amz-meta-filename", "policy", "x-amz-algorithm",
                "x-amz-credential", "x-amz-date", "x-amz-signature"), List.copyOf(form.fields().keySet()));
    }

    @Test
    void presignedPostSignsTheSessionToken(LocalSystem system) throws Exception {
        Map<String, String> env = new HashMap<>(system.aws().clientEnvironment());
        env.put("FILES_BUCKET", bucket);
        env.put("AWS_SESSION_TOKEN", "jeton-de-session");
        String key = key();
        PresignedForm form = S3FileStore.fromEnv(env).presignPost(key, 100, REDIRECT, VALIDITY);

        assertEquals("jeton-de-session", form.fields().get("x-amz-security-token"));
        assertTrue(new String(Base64.getDecoder().decode(form.fields().get("policy")), StandardCharsets.UTF_8)
                .contains("{\"x-amz-security-token\":\"jeton-de-session\"}"));
        assertEquals(List.of("key", "success_action_redirect", "x-amz-meta-filename", "policy", "x-amz-algorithm",
                "x-amz-credential", "x-amz-date", "x-amz-security-token", "x-amz-signature"),
                List.copyOf(form.fields().keySet()));
        assertEquals(303, post(form.url(), form.fields(), new byte[3]).statusCode());
    }

    @Test
    void presignedPostRefusesAFileAboveTheLimit() throws Exception {
        String key = key();
        PresignedForm form = store.presignPost(key, 10, REDIRECT, VALIDITY);

        HttpResponse<String> response = post(form.url(), form.fields(), new byte[11]);

        assertEquals(400, response.statusCode(), response::body);
        assertEquals("EntityTooLarge", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(key));
    }

    @Test
    void presignedPostRefusesAnotherKey() throws Exception {
        String key = key();
        PresignedForm form = store.presignPost(key, 100, REDIRECT, VALIDITY);
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        String other = key + "/autre.pdf";
        fields.put("key", other);

        HttpResponse<String> response = post(form.url(), fields, new byte[5]);

        assertEquals(403, response.statusCode(), response::body);
        assertEquals("AccessDenied", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(other));
    }

    @Test
    void presignedPostRefusesATamperedPolicy() throws Exception {
        String key = key();
        PresignedForm form = store.presignPost(key, 10, REDIRECT, VALIDITY);
        String policy = new String(Base64.getDecoder().decode(form.fields().get("policy")), StandardCharsets.UTF_8);
        assertTrue(policy.contains("[\"content-length-range\",1,10]"), policy);
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("policy", Base64.getEncoder().encodeToString(policy.replace(",10]", ",1000]")
                .getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> response = post(form.url(), fields, new byte[100]);

        // s3proxy answers a bare 403 without an error document here; S3 says SignatureDoesNotMatch.
        assertEquals(403, response.statusCode(), response::body);
        assertEquals(Optional.empty(), store.inspect(key));
    }

    @Test
    void presignedPostRefusesAnotherRedirect() throws Exception {
        String key = key();
        PresignedForm form = store.presignPost(key, 100, REDIRECT, VALIDITY);
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("success_action_redirect", "https://ailleurs.example/");

        HttpResponse<String> response = post(form.url(), fields, new byte[5]);

        assertEquals(403, response.statusCode(), response::body);
        assertEquals("AccessDenied", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(key));
    }

    @Test
    void presignedPostRefusesAnExpiredPolicy(LocalSystem system) throws Exception {
        String key = key();
        FileStore earlier = new S3FileStore(system.aws().s3(), system.aws().s3Presigner(), bucket,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        PresignedForm form = earlier.presignPost(key, 100, REDIRECT, VALIDITY);

        HttpResponse<String> response = post(form.url(), form.fields(), new byte[5]);

        assertEquals(403, response.statusCode(), response::body);
        assertEquals("AccessDenied", errorCode(response));
        assertEquals(Optional.empty(), store.inspect(key));
    }

    // ------------------------------------------------------------------ the rest

    @Test
    void inspectSaysNothingIsThere() {
        assertEquals(Optional.empty(), store.inspect(key()));
    }

    @Test
    void presignedGetDownloadsUnderTheGivenName() throws Exception {
        String key = key();
        byte[] body = "%PDF-1.7 relevé".getBytes(StandardCharsets.UTF_8);
        put(store.presignPut(key, "application/octet-stream", body.length, sha256Base64(body), VALIDITY), body);

        String url = store.presignGet(key, "Relevé été \"2026\".pdf", "application/pdf", VALIDITY);
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        assertEquals(Optional.of("application/pdf"), response.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("attachment; filename=\"Releve ete _2026_.pdf\"; "
                        + "filename*=UTF-8''Relev%C3%A9%20%C3%A9t%C3%A9%20%222026%22.pdf"),
                response.headers().firstValue("Content-Disposition"));
    }

    @Test
    void readCopyAndDelete() throws Exception {
        String key = key();
        String copy = key();
        byte[] body = "à copier".getBytes(StandardCharsets.UTF_8);
        put(store.presignPut(key, "text/plain", body.length, sha256Base64(body), VALIDITY), body);

        store.copy(key, copy);
        store.delete(key);
        store.delete(key);

        assertArrayEquals(body, storeFromEnv.read(copy));
        assertEquals(Optional.empty(), store.inspect(key));
        assertThrows(NoSuchKeyException.class, () -> store.read(key));
    }

    // ------------------------------------------------------------------ helpers

    private static String key() {
        return "tests/s3-file-store/" + UUID.randomUUID();
    }

    private static HttpResponse<String> put(PresignedUpload upload, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.url()))
                .method(upload.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        // HttpClient sets Content-Length itself, from the body.
        upload.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data POST as a browser sends the form: the fields in order, the file last. */
    private static HttpResponse<String> post(String url, Map<String, String> fields, byte[] file) throws Exception {
        String boundary = "----formulaire" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"piece.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(HttpResponse<String> response) {
        Matcher code = Pattern.compile("<Code>([^<]*)</Code>").matcher(response.body());
        return code.find() ? code.group(1) : response.body();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : uri.getRawQuery().split("&")) {
            String[] nameValue = parameter.split("=", 2);
            parameters.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(sha256(bytes));
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }
}
