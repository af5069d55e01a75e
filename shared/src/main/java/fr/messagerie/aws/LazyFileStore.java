package fr.messagerie.aws;

import fr.messagerie.files.FileStore;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Wiring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The file bucket, its S3 client and presigner built on the first call that needs them: a request that touches no
 * file (a recipient's landing page, a list of attachments, an access-link email) loads and builds no S3 client.
 */
public final class LazyFileStore implements FileStore {
    private final Lazy<? extends FileStore> files;

    public LazyFileStore(Supplier<? extends FileStore> files) {
        this.files = files instanceof Lazy<? extends FileStore> lazy ? lazy : Lazy.of(files);
    }

    /**
     * The bucket of the environment ({@link S3FileStore#fromEnv}), its settings checked now, built on first use as a
     * part of {@code wiring}.
     */
    public static LazyFileStore fromEnv(Wiring wiring, Map<String, String> env) {
        S3FileStore.checkEnv(env);
        return new LazyFileStore(wiring.lazy(() -> S3FileStore.fromEnv(env)));
    }

    @Override
    public PresignedUpload presignPut(String key, String contentType, long size, String sha256Base64,
                                      Duration validity) {
        return files.get().presignPut(key, contentType, size, sha256Base64, validity);
    }

    @Override
    public PresignedForm presignPost(String key, long maxSize, String successRedirect, Duration validity) {
        return files.get().presignPost(key, maxSize, successRedirect, validity);
    }

    @Override
    public Optional<StoredFile> inspect(String key) {
        return files.get().inspect(key);
    }

    @Override
    public String presignGet(String key, String fileName, String contentType, Duration validity) {
        return files.get().presignGet(key, fileName, contentType, validity);
    }

    @Override
    public byte[] read(String key) {
        return files.get().read(key);
    }

    @Override
    public List<ListedFile> list(String prefix) {
        return files.get().list(prefix);
    }

    @Override
    public void write(String key, byte[] content, String contentType, Map<String, String> metadata) {
        files.get().write(key, content, contentType, metadata);
    }

    @Override
    public Optional<Map<String, String>> metadata(String key) {
        return files.get().metadata(key);
    }

    @Override
    public void copy(String fromKey, String toKey) {
        files.get().copy(fromKey, toKey);
    }

    @Override
    public void keepAsEvidence(String key) {
        files.get().keepAsEvidence(key);
    }

    @Override
    public Optional<StoredFile> moveUpload(String fromKey, String toKey) {
        return files.get().moveUpload(fromKey, toKey);
    }

    @Override
    public void delete(String key) {
        files.get().delete(key);
    }
}
