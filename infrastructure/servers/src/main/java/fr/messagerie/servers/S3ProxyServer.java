package fr.messagerie.servers;

import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * s3proxy, in process: an S3 server checking SigV4 (presigned URLs included), in memory or on disk, behind an
 * {@link S3ObjectLockLayer} that adds the Object Lock s3proxy lacks.
 */
final class S3ProxyServer implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStore store;
    private final S3ObjectLockLayer objectLock;

    private S3ProxyServer(S3Proxy proxy, BlobStore store, S3ObjectLockLayer objectLock) {
        this.proxy = proxy;
        this.store = store;
        this.objectLock = objectLock;
    }

    /** {@code dataDirectory} null keeps the objects in memory. */
    static S3ProxyServer start(String accessKey, String secretKey, Path dataDirectory) throws Exception {
        return start(accessKey, secretKey, dataDirectory, null);
    }

    /**
     * @param frontEndOrigin the agent console's origin, allowed to PUT presigned uploads as the bucket's CORS rule of
     *                       template.yaml allows it; null: no CORS
     */
    static S3ProxyServer start(String accessKey, String secretKey, Path dataDirectory, String frontEndOrigin)
            throws Exception {
        BlobStore store;
        if (dataDirectory == null) {
            store = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(dataDirectory);
            store = new FilesystemNio2BlobStore(dataDirectory.toAbsolutePath().toString());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .corsRules(frontEndOrigin == null ? CrossOriginResourceSharing.disabled()
                        : new CrossOriginResourceSharing(List.of(Pattern.quote(frontEndOrigin)), List.of("PUT"),
                                List.of("content-type", "content-length", "x-amz-checksum-sha256",
                                        "x-amz-sdk-checksum-algorithm"), List.of("ETag"), ""))
                .build();
        proxy.start();
        try {
            return new S3ProxyServer(proxy, store,
                    S3ObjectLockLayer.start(URI.create("http://127.0.0.1:" + proxy.getPort())));
        } catch (Exception e) {
            proxy.stop();
            throw e;
        }
    }

    /** Where clients send S3 requests: the Object Lock layer. */
    URI endpoint() {
        return objectLock.endpoint();
    }

    S3ObjectLockLayer objectLock() {
        return objectLock;
    }

    @Override
    public void close() throws Exception {
        try {
            objectLock.close();
            proxy.stop();
        } finally {
            store.close();
        }
    }
}
