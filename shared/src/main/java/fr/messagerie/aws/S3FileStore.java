package fr.messagerie.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.messagerie.files.FileStore;
import fr.messagerie.support.Json;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The file bucket on S3: presigned PUT, POST and GET for the browsers, reads, copies and deletes for the functions,
 * and S3 Object Lock retention on what becomes evidence.
 */
public final class S3FileStore implements FileStore {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter POLICY_EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The metadata where a presigned POST keeps the file's own name ({@code x-amz-meta-filename}). */
    public static final String UPLOADED_NAME_FIELD = "x-amz-meta-filename";
    static final String FILENAME_VARIABLE = "${filename}";
    /** An RFC 2047 encoded word, and the blanks between two of them (which do not count). */
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=(\\s+(?==\\?))?");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Clock clock;
    private final EvidenceRetention retention;

    /**
     * How long, and how firmly, evidence is kept: GOVERNANCE lets a user with s3:BypassGovernanceRetention shorten or
     * lift it, COMPLIANCE lets nobody.
     */
    public record EvidenceRetention(ObjectLockRetentionMode mode, int years) {
        public EvidenceRetention {
            if (mode == null || mode == ObjectLockRetentionMode.UNKNOWN_TO_SDK_VERSION || years < 1) {
                throw new IllegalArgumentException("Evidence retention needs a lock mode and a number of years");
            }
        }

        /**
         * The end of the day {@code years} years on: every sender locking the same file the same day asks the same
         * date, and Object Lock never lets a retention get shorter.
         */
        public Instant until(Instant now) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).plusYears(years).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        }
    }

    public S3FileStore(S3Client s3, S3Presigner presigner, String bucket, Clock clock) {
        this(s3, presigner, bucket, clock, null);
    }

    /** @param retention null when this function keeps no evidence */
    public S3FileStore(S3Client s3, S3Presigner presigner, String bucket, Clock clock, EvidenceRetention retention) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * FILES_BUCKET, region, credentials, endpoint from the environment; path-style when the endpoint is overridden;
     * EVIDENCE_LOCK_MODE and EVIDENCE_RETENTION_YEARS for the functions that keep evidence.
     */
    public static S3FileStore fromEnv(Map<String, String> env) {
        String bucket = AwsClients.required(env, "FILES_BUCKET");
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
        boolean pathStyle = endpoint != null && !endpoint.isBlank();
        S3Client s3 = AwsClients.configure(S3Client.builder(), env, "S3").forcePathStyle(pathStyle).build();
        S3ServiceClientConfiguration configuration = s3.serviceClientConfiguration();
        S3Presigner.Builder presigner = S3Presigner.builder()
                .region(configuration.region())
                .credentialsProvider(configuration.credentialsProvider())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        configuration.endpointOverride().ifPresent(presigner::endpointOverride);
        return new S3FileStore(s3, presigner.build(), bucket, Clock.systemUTC(), retention(env));
    }

    /** Fails now on a missing or wrong setting of {@link #fromEnv}, without building any client. */
    public static void checkEnv(Map<String, String> env) {
        AwsClients.required(env, "FILES_BUCKET");
        retention(env);
    }

    private static EvidenceRetention retention(Map<String, String> env) {
        String mode = env.get("EVIDENCE_LOCK_MODE");
        return mode == null || mode.isBlank() ? null : new EvidenceRetention(
                ObjectLockRetentionMode.fromValue(mode), Integer.parseInt(AwsClients.required(env,
                "EVIDENCE_RETENTION_YEARS")));
    }

    @Override
    public PresignedUpload presignPut(String key, String contentType, long size, String sha256Base64,
                                      Duration validity) {
        PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType(contentType).contentLength(size).checksumSHA256(sha256Base64).build();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(r -> r.signatureDuration(validity)
                .putObjectRequest(put));
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.httpRequest().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedUpload(presigned.url().toString(), "PUT", Collections.unmodifiableMap(headers),
                presigned.expiration());
    }

    /**
     * SDK v2 has no presigned POST: this is S3's "Browser-Based Uploads Using POST (AWS Signature Version 4)",
     * a policy document signed with the SigV4 signing key.
     */
    @Override
    public PresignedForm presignPost(String key, long maxSize, String successRedirect, Duration validity) {
        S3ServiceClientConfiguration configuration = s3.serviceClientConfiguration();
        AwsCredentialsIdentity credentials = configuration.credentialsProvider().resolveIdentity().join();
        String region = configuration.region().id();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validity);
        String day = DAY.format(now);
        String credential = credentials.accessKeyId() + "/" + day + "/" + region + "/s3/aws4_request";
        String amzDate = AMZ_DATE.format(now);
        String sessionToken = credentials instanceof AwsSessionCredentialsIdentity session
                ? session.sessionToken() : null;

        ObjectNode policy = Json.MAPPER.createObjectNode().put("expiration", POLICY_EXPIRATION.format(expiresAt));
        ArrayNode conditions = policy.putArray("conditions");
        conditions.addObject().put("bucket", bucket);
        // The exact key: a "starts-with" prefix would let one form store any number of objects.
        conditions.addObject().put("key", key);
        conditions.addArray().add("content-length-range").add(1).add(maxSize);
        conditions.addObject().put("success_action_redirect", successRedirect);
        // S3 expands ${filename} in every field before checking the policy: any name is allowed.
        conditions.addArray().add("starts-with").add("$" + UPLOADED_NAME_FIELD).add("");
        conditions.addObject().put("x-amz-algorithm", ALGORITHM);
        conditions.addObject().put("x-amz-credential", credential);
        conditions.addObject().put("x-amz-date", amzDate);
        if (sessionToken != null) {
            conditions.addObject().put("x-amz-security-token", sessionToken);
        }
        String encodedPolicy;
        try {
            encodedPolicy = Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + credentials.secretAccessKey())
                .getBytes(StandardCharsets.UTF_8), day), region), "s3"), "aws4_request");

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("success_action_redirect", successRedirect);
        // S3 replaces ${filename} with the name of the file the browser sends: the name is kept without JavaScript.
        fields.put(UPLOADED_NAME_FIELD, FILENAME_VARIABLE);
        fields.put("policy", encodedPolicy);
        fields.put("x-amz-algorithm", ALGORITHM);
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", amzDate);
        if (sessionToken != null) {
            fields.put("x-amz-security-token", sessionToken);
        }
        fields.put("x-amz-signature", HexFormat.of().formatHex(hmac(signingKey, encodedPolicy)));
        return new PresignedForm(bucketUrl(), Collections.unmodifiableMap(fields), expiresAt);
    }

    @Override
    public List<ListedFile> list(String prefix) {
        List<ListedFile> listed = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()
                .forEach(object -> listed.add(new ListedFile(object.key(), object.size())));
        return listed;
    }

    @Override
    public Optional<StoredFile> inspect(String key) {
        // One GET gives size, type and bytes of the same version: a HEAD first could describe another one.
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
                size += read;
            }
            return Optional.of(new StoredFile(size, in.response().contentType(),
                    HexFormat.of().formatHex(sha256.digest()), uploadedName(in.response().metadata())));
        } catch (S3Exception e) {
            return missing(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String presignGet(String key, String fileName, String contentType, Duration validity) {
        String disposition = "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''"
                + rfc5987(fileName);
        return presigner.presignGetObject(r -> r.signatureDuration(validity).getObjectRequest(g -> g
                        .bucket(bucket).key(key).responseContentDisposition(disposition)
                        .responseContentType(contentType)))
                .url().toString();
    }

    @Override
    public byte[] read(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void write(String key, byte[] content, String contentType, Map<String, String> metadata) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                RequestBody.fromBytes(content));
    }

    @Override
    public Optional<Map<String, String>> metadata(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)).metadata());
        } catch (S3Exception e) {
            return missing(e);
        }
    }

    @Override
    public void copy(String fromKey, String toKey) {
        s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(fromKey).destinationBucket(bucket).destinationKey(toKey));
    }

    @Override
    public void keepAsEvidence(String key) {
        if (retention == null) {
            throw new IllegalStateException("No evidence retention configured (EVIDENCE_LOCK_MODE, "
                    + "EVIDENCE_RETENTION_YEARS): cannot lock " + key);
        }
        Instant until = retention.until(clock.instant());
        s3.putObjectRetention(r -> r.bucket(bucket).key(key)
                .retention(lock -> lock.mode(retention.mode()).retainUntilDate(until)));
    }

    @Override
    public Optional<StoredFile> moveUpload(String fromKey, String toKey) {
        try {
            copy(fromKey, toKey);
        } catch (S3Exception e) {
            return missing(e);
        }
        delete(fromKey);
        return inspect(toKey);
    }

    /** Empty when the object is not there (a GET says NoSuchKey, a HEAD only 404); any other refusal is thrown. */
    private static <T> Optional<T> missing(S3Exception e) {
        if (e.statusCode() == 404) {
            return Optional.empty();
        }
        throw e;
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }

    /**
     * The name kept by a presigned POST, or null: absent, empty, or left unexpanded by a server that expands
     * {@code ${filename}} only in the key. S3 returns non-ASCII metadata encoded as RFC 2047 words.
     */
    static String uploadedName(Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get(UPLOADED_NAME_FIELD.substring("x-amz-meta-".length()));
        if (value == null || value.isBlank() || value.contains(FILENAME_VARIABLE)) {
            return null;
        }
        return decodeRfc2047(value.strip());
    }

    /** "=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=" words decoded, anything else kept as it is. */
    static String decodeRfc2047(String value) {
        Matcher word = ENCODED_WORD.matcher(value);
        StringBuilder decoded = new StringBuilder();
        while (word.find()) {
            String text;
            try {
                Charset charset = Charset.forName(word.group(1));
                byte[] bytes = word.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(word.group(3))
                        : quotedPrintable(word.group(3));
                text = new String(bytes, charset);
            } catch (IllegalArgumentException e) {
                text = word.group();
            }
            word.appendReplacement(decoded, Matcher.quoteReplacement(text));
        }
        word.appendTail(decoded);
        return decoded.toString();
    }

    private static byte[] quotedPrintable(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    /** The bucket's URL as the client addresses it: path-style on an emulator, virtual-host on AWS. */
    private String bucketUrl() {
        URI object = URI.create(s3.utilities().getUrl(r -> r.bucket(bucket).key("k")).toString());
        return object.resolve(".").toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accents stripped, anything else outside printable ASCII, quotes and backslashes replaced. */
    static String asciiFallback(String fileName) {
        String stripped = Normalizer.normalize(fileName, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder ascii = new StringBuilder(stripped.length());
        stripped.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                ? (char) c : '_'));
        return ascii.toString();
    }

    /** RFC 5987 ext-value: UTF-8 bytes, attr-char kept, everything else percent-encoded. */
    static String rfc5987(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return encoded.toString();
    }
}
