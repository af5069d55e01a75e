package fr.messagerie.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file bucket in memory: bytes by key, with their content type and user metadata, listed by key as S3 lists them.
 * Presigned URLs are deterministic fake ones that carry the key ({@link #URL_BASE} + key + query); nothing is signed,
 * but {@link #upload(FileStore.PresignedUpload, byte[])} and {@link #post(FileStore.PresignedForm, byte[], String,
 * String)} refuse a body the real signature or policy would refuse. What is kept as evidence is recorded. As on S3, a
 * read, copy or lock of a missing key throws, a delete of one does nothing.
 */
public final class InMemoryFileStore implements FileStore {
    public static final String URL_BASE = "https://files.test/";
    /** The user metadata a presigned POST keeps the file's own name in (S3: x-amz-meta-filename). */
    public static final String UPLOADED_NAME = "filename";

    private record Stored(byte[] content, String contentType, Map<String, String> metadata) {
    }

    private record Signed(String key, String contentType, long size, String sha256Base64) {
    }

    private final Clock clock;
    private final TreeMap<String, Stored> objects = new TreeMap<>();
    private final Map<String, Signed> puts = new LinkedHashMap<>();
    private final Map<String, Long> forms = new LinkedHashMap<>();
    private final List<String> evidence = new ArrayList<>();

    public InMemoryFileStore() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the expiry of presigned URLs */
    public InMemoryFileStore(Clock clock) {
        this.clock = clock;
    }

    // ---- What a browser or the platform does with the bucket ----

    /** Stores a file as the platform or a browser would, without metadata. */
    public synchronized void put(String key, byte[] content, String contentType) {
        objects.put(key, new Stored(content.clone(), contentType, Map.of()));
    }

    /**
     * The browser's PUT through a presigned upload: refused (IllegalArgumentException, nothing stored) unless the body
     * has the size and SHA-256 that were signed, as S3 refuses it.
     */
    public synchronized void upload(PresignedUpload upload, byte[] content) {
        Signed signed = puts.get(upload.url());
        if (signed == null) {
            throw new IllegalArgumentException("Not a presigned upload of this store: " + upload.url());
        }
        if (content.length != signed.size() || !java.util.Base64.getEncoder().encodeToString(digest(content))
                .equals(signed.sha256Base64())) {
            throw new IllegalArgumentException("S3 refuses the body: size or checksum differs from the signed one");
        }
        objects.put(signed.key(), new Stored(content.clone(), signed.contentType(), Map.of()));
    }

    /**
     * The browser's POST of a presigned form: refused (IllegalArgumentException, nothing stored) when empty or larger
     * than the form allows; the file's name is kept as its {@link #UPLOADED_NAME} metadata.
     *
     * @return where S3 redirects the browser: the success redirect with the bucket and key
     */
    public synchronized String post(PresignedForm form, byte[] content, String contentType, String fileName) {
        String key = form.fields().get("key");
        Long maxSize = forms.get(key);
        if (maxSize == null) {
            throw new IllegalArgumentException("Not a presigned form of this store: " + key);
        }
        if (content.length < 1 || content.length > maxSize) {
            throw new IllegalArgumentException("S3 refuses the body: outside content-length-range 1-" + maxSize);
        }
        Map<String, String> metadata = fileName == null ? Map.of() : Map.of(UPLOADED_NAME, fileName);
        objects.put(key, new Stored(content.clone(), contentType, metadata));
        String redirect = form.fields().get("success_action_redirect");
        return redirect + (redirect.contains("?") ? "&" : "?") + "bucket=test&key=" + encode(key);
    }

    /** The bytes stored under {@code key}, if any. */
    public synchronized Optional<byte[]> content(String key) {
        return Optional.ofNullable(objects.get(key)).map(s -> s.content().clone());
    }

    public synchronized boolean exists(String key) {
        return objects.containsKey(key);
    }

    /** Every key stored, in order. */
    public synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    /** The keys locked as evidence, in the order they were locked (with repetitions). */
    public synchronized List<String> evidence() {
        return List.copyOf(evidence);
    }

    public synchronized boolean isEvidence(String key) {
        return evidence.contains(key);
    }

    /** The SHA-256 of some bytes, in lowercase hexadecimal, as {@link #inspect} gives it. */
    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(digest(content));
    }

    // ---- FileStore ----

    @Override
    public synchronized PresignedUpload presignPut(String key, String contentType, long size, String sha256Base64,
                                                   Duration validity) {
        String url = URL_BASE + key + "?method=PUT&size=" + size + "&sha256=" + encode(sha256Base64);
        puts.put(url, new Signed(key, contentType, size, sha256Base64));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", Long.toString(size));
        headers.put("x-amz-checksum-sha256", sha256Base64);
        return new PresignedUpload(url, "PUT", java.util.Collections.unmodifiableMap(headers),
                clock.instant().plus(validity));
    }

    @Override
    public synchronized PresignedForm presignPost(String key, long maxSize, String successRedirect,
                                                  Duration validity) {
        forms.put(key, maxSize);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("success_action_redirect", successRedirect);
        fields.put("x-amz-meta-filename", "${filename}");
        fields.put("policy", "max-size=" + maxSize);
        return new PresignedForm(URL_BASE, java.util.Collections.unmodifiableMap(fields),
                clock.instant().plus(validity));
    }

    @Override
    public synchronized Optional<StoredFile> inspect(String key) {
        Stored stored = objects.get(key);
        if (stored == null) {
            return Optional.empty();
        }
        String name = stored.metadata().get(UPLOADED_NAME);
        return Optional.of(new StoredFile(stored.content().length, stored.contentType(), sha256Hex(stored.content()),
                name == null || name.isBlank() ? null : name.strip()));
    }

    @Override
    public String presignGet(String key, String fileName, String contentType, Duration validity) {
        return URL_BASE + key + "?method=GET&filename=" + encode(fileName) + "&type=" + encode(contentType)
                + "&validity=" + validity.toSeconds();
    }

    @Override
    public synchronized byte[] read(String key) {
        return existing(key).content().clone();
    }

    @Override
    public synchronized List<ListedFile> list(String prefix) {
        List<ListedFile> listed = new ArrayList<>();
        objects.tailMap(prefix, true).forEach((key, stored) -> {
            if (key.startsWith(prefix)) {
                listed.add(new ListedFile(key, stored.content().length));
            }
        });
        return listed;
    }

    @Override
    public synchronized void write(String key, byte[] content, String contentType, Map<String, String> metadata) {
        objects.put(key, new Stored(content.clone(), contentType, metadata == null ? Map.of() : Map.copyOf(metadata)));
    }

    @Override
    public synchronized Optional<Map<String, String>> metadata(String key) {
        return Optional.ofNullable(objects.get(key)).map(Stored::metadata);
    }

    /** As S3's CopyObject: content type and metadata copied with the bytes. */
    @Override
    public synchronized void copy(String fromKey, String toKey) {
        objects.put(toKey, existing(fromKey));
    }

    @Override
    public synchronized void keepAsEvidence(String key) {
        existing(key);
        evidence.add(key);
    }

    @Override
    public synchronized Optional<StoredFile> moveUpload(String fromKey, String toKey) {
        if (!objects.containsKey(fromKey)) {
            return Optional.empty();
        }
        copy(fromKey, toKey);
        delete(fromKey);
        return inspect(toKey);
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
    }

    private Stored existing(String key) {
        Stored stored = objects.get(key);
        if (stored == null) {
            throw new IllegalStateException("NoSuchKey: " + key);
        }
        return stored;
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
