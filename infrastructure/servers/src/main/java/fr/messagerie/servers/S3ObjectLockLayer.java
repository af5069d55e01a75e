package fr.messagerie.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * s3proxy has no S3 Object Lock (it answers 501 Not Implemented): this layer in front of it answers the Object Lock
 * requests as S3 does, from what it keeps in memory (a bucket's Object Lock configuration, each object's retention),
 * and passes every other request through byte for byte, so that signatures, presigned URLs and browser forms stay
 * valid. Like S3, it refuses a retention on a bucket without Object Lock and a retention that would end sooner than
 * the one in place. It does not stop a locked version from being deleted: the tests check what the code locks.
 */
final class S3ObjectLockLayer implements AutoCloseable {

    /** The retention of an object, as GetObjectRetention gives it. */
    record Retention(String mode, Instant retainUntil) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectLockLayer.class);
    private static final int MAX_HEAD = 64 * 1024;
    /** Headers of one connection (an HTTP/2 upgrade offer, say), not of the request: the layer closes each one. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "upgrade",
            "http2-settings");
    private static final Pattern MODE = Pattern.compile("<Mode>([A-Z]+)</Mode>");
    private static final Pattern UNTIL = Pattern.compile("<RetainUntilDate>([^<]+)</RetainUntilDate>");
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Set<String> lockedBuckets = ConcurrentHashMap.newKeySet();
    private final Map<String, Retention> retentions = new ConcurrentHashMap<>();

    private S3ObjectLockLayer(URI target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "s3-object-lock-layer");
            thread.setDaemon(true);
            return thread;
        });
        connections.execute(this::accept);
    }

    static S3ObjectLockLayer start(URI target) throws IOException {
        return new S3ObjectLockLayer(target);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    Optional<Retention> retention(String bucket, String key) {
        return Optional.ofNullable(retentions.get(bucket + "/" + key));
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("S3 layer could not accept a connection", e);
                }
            }
        }
    }

    /** One request per connection: the answer closes it, so that the next request gets its own look. */
    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            URI uri = URI.create(requestLine[1]);
            Map<String, String> query = query(uri.getRawQuery());
            if (query.containsKey("retention") || query.containsKey("object-lock")) {
                answerObjectLock(client, in, requestLine[0], uri.getRawPath(), query, headers);
            } else {
                passThrough(client, in, lines);
            }
        } catch (IOException e) {
            LOG.debug("S3 layer connection ended: {}", e.toString());
        }
    }

    /** The request line and headers, without the blank line that ends them; null when the client sent nothing. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
            if (lastFour == 0x0d0a0d0a) {
                byte[] bytes = head.toByteArray();
                return Arrays.copyOf(bytes, bytes.length - 4);
            }
        }
        throw new IOException("Request head over " + MAX_HEAD + " bytes");
    }

    private void passThrough(Socket client, InputStream in, String[] lines) throws IOException {
        try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
            StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
            Set<String> dropped = new HashSet<>(HOP_BY_HOP);
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    for (String name : lines[i].substring("connection:".length()).split(",")) {
                        dropped.add(name.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = colon > 0 ? lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
                if (!dropped.contains(name)) {
                    head.append(lines[i]).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream toUpstream = upstream.getOutputStream();
            toUpstream.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            toUpstream.flush();
            // The body (and what follows a 100 Continue) flows on its own while the answer comes back.
            connections.execute(() -> {
                try {
                    in.transferTo(toUpstream);
                } catch (IOException e) {
                    // The upstream answered and closed: the rest of the request no longer matters.
                }
            });
            upstream.getInputStream().transferTo(client.getOutputStream());
            client.getOutputStream().flush();
        }
    }

    private void answerObjectLock(Socket client, InputStream in, String method, String rawPath,
                                  Map<String, String> query, Map<String, String> headers) throws IOException {
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            client.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String path = URLDecoder.decode(rawPath.startsWith("/") ? rawPath.substring(1) : rawPath,
                StandardCharsets.UTF_8);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        OutputStream out = client.getOutputStream();
        if (query.containsKey("object-lock") && key.isEmpty()) {
            if (method.equals("PUT")) {
                if (!body.contains("<ObjectLockEnabled>Enabled</ObjectLockEnabled>")) {
                    respond(out, 400, error("MalformedXML", "The Object Lock configuration must enable Object Lock."));
                    return;
                }
                lockedBuckets.add(bucket);
                respond(out, 200, "");
            } else if (lockedBuckets.contains(bucket)) {
                respond(out, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ObjectLockConfiguration xmlns=\""
                        + XMLNS + "\"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
            } else {
                respond(out, 404, error("ObjectLockConfigurationNotFoundError",
                        "Object Lock configuration does not exist for this bucket"));
            }
            return;
        }
        if (!query.containsKey("retention") || key.isEmpty()) {
            respond(out, 501, error("NotImplemented", "Only retention and the bucket's Object Lock are emulated."));
            return;
        }
        String id = bucket + "/" + key;
        if (method.equals("GET")) {
            Retention retention = retentions.get(id);
            if (retention == null) {
                respond(out, 404, error("NoSuchObjectLockConfiguration",
                        "The specified object does not have a ObjectLock configuration"));
            } else {
                respond(out, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Retention xmlns=\"" + XMLNS
                        + "\"><Mode>" + retention.mode() + "</Mode><RetainUntilDate>" + retention.retainUntil()
                        + "</RetainUntilDate></Retention>");
            }
            return;
        }
        if (!lockedBuckets.contains(bucket)) {
            respond(out, 400, error("InvalidRequest", "Bucket is missing Object Lock Configuration"));
            return;
        }
        Matcher mode = MODE.matcher(body);
        Matcher until = UNTIL.matcher(body);
        Retention asked;
        try {
            asked = mode.find() && until.find() ? new Retention(mode.group(1), Instant.parse(until.group(1))) : null;
        } catch (DateTimeParseException e) {
            asked = null;
        }
        if (asked == null || !List.of("GOVERNANCE", "COMPLIANCE").contains(asked.mode())) {
            respond(out, 400, error("MalformedXML", "The retention must have a mode and a date."));
            return;
        }
        Retention current = retentions.get(id);
        if (current != null && asked.retainUntil().isBefore(current.retainUntil())) {
            respond(out, 403, error("AccessDenied", "Access Denied because object protected by object lock."));
            return;
        }
        retentions.put(id, asked);
        respond(out, 200, "");
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
    }

    private static void respond(OutputStream out, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Error") + "\r\n"
                + "Content-Type: application/xml\r\nContent-Length: " + body.length + "\r\n"
                + "x-amz-request-id: object-lock-layer\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            query.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
