package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each function runs, here as in AWS, on its own jar and nothing else. */
@ExtendWith(LocalAwsExtension.class)
class FunctionJarsTest {

    private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.+)$");

    /**
     * What our code, from the handler on, uses must be in the function's jar (or the JDK): a class missing there
     * would only fail in AWS, on the first request that needs it. jdeps lists the class-level dependencies of our
     * classes (copied out of the jar, which keeps it fast); the jar's listing says which of them it holds.
     */
    @Test
    void everyClassTheHandlerCanReachFindsWhatItUsesInTheFunctionsJar(LocalSystem system, @TempDir Path work)
            throws IOException {
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : system.template().functions()) {
            Path jar = system.config().functionJar(function.codeUri());
            Path ours = Files.createDirectories(work.resolve(function.logicalId()));
            Set<String> inJar = new HashSet<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                        continue;
                    }
                    inJar.add(entry.getName().substring(0, entry.getName().length() - 6).replace('/', '.'));
                    if (entry.getName().startsWith("fr/messagerie/")) {
                        Path copy = ours.resolve(entry.getName());
                        Files.createDirectories(copy.getParent());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, copy);
                        }
                    }
                }
            }
            Map<String, Set<String>> uses = new HashMap<>();
            Set<String> missing = new HashSet<>();
            for (String line : jdeps(ours).split("\\R")) {
                Matcher dependency = DEPENDENCY.matcher(line);
                if (dependency.matches()) {
                    String used = dependency.group(2);
                    uses.computeIfAbsent(dependency.group(1), key -> new HashSet<>()).add(used);
                    if (dependency.group(3).trim().equals("not found") && !inJar.contains(used)) {
                        missing.add(used);
                    }
                }
            }
            Set<String> reached = new HashSet<>(Set.of(function.handlerClass()));
            List<String> toVisit = new ArrayList<>(reached);
            Set<String> lacking = new TreeSet<>();
            while (!toVisit.isEmpty()) {
                String type = toVisit.remove(toVisit.size() - 1);
                for (String used : uses.getOrDefault(type, Set.of())) {
                    if (missing.contains(used)) {
                        lacking.add(type + " -> " + used);
                    } else if (used.startsWith("fr.messagerie.") && reached.add(used)) {
                        toVisit.add(used);
                    }
                }
            }
            lacking.stream().limit(5).forEach(problem -> problems.add(function.logicalId() + ": " + problem));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eachHandlerIsLoadedFromItsOwnJarAlone(LocalSystem system) throws Exception {
        ClassLoader compose = ((JarHandler) system.functions().handler("ComposeFunction")).classLoader();
        ClassLoader proof = ((JarHandler) system.functions().handler("ProofFunction")).classLoader();

        assertNotSame(compose, proof);
        // PDFBox is in proof's jar only; nothing of the harness's classpath is visible to a function.
        assertThrows(ClassNotFoundException.class, () -> compose.loadClass("org.apache.pdfbox.pdmodel.PDDocument"));
        proof.loadClass("org.apache.pdfbox.pdmodel.PDDocument");
        assertThrows(ClassNotFoundException.class, () -> proof.loadClass(LocalSystem.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> proof.loadClass("org.junit.jupiter.api.Test"));
    }

    /** What the harness builds reaches the jar's handler whole, and its answer comes back whole. */
    @Test
    void eventsAndResponsesCrossTheClassLoaderBoundaryIntact(LocalSystem system) throws Exception {
        ObjectMapper json = new ObjectMapper();
        APIGatewayV2HTTPEvent http = system.api().event(system.api().match("POST", "/letters/L1/send").orElseThrow(),
                "POST", "/letters/L1/send", "a=1&a=2", "e30=", true,
                Map.of("cookie", "x=1; y=2", "content-type", "application/json"),
                Map.of("sub", "agent-1", "custom:organism", "departement-13", "scope", "openid email"));
        SQSEvent sqs = new SQSEvent();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody("{\"deliveryId\":\"d-1\",\"attempt\":1}");
        message.setAttributes(Map.of("ApproximateReceiveCount", "3"));
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("Binary");
        attribute.setBinaryValue(java.nio.ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}));
        message.setMessageAttributes(Map.of("a", attribute));
        message.setEventSourceArn(system.resources().queueArn("DispatchQueue"));
        sqs.setRecords(List.of(message));
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(303)
                .withHeaders(Map.of("location", "/r/x")).withCookies(List.of("a=b; HttpOnly"))
                .withBody("QUJD").withIsBase64Encoded(true).build();
        SQSBatchResponse batch = SQSBatchResponse.builder().withBatchItemFailures(List.of(
                SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m-1").build())).build();

        ClassLoader jar = ((JarHandler) system.functions().handler("SendFunction")).classLoader();
        for (Object value : List.of(http, sqs, response, batch)) {
            Class<?> jarType = jar.loadClass(value.getClass().getName());
            Object crossed = JarHandler.cross(value, jarType);
            assertInstanceOf(jarType, crossed);
            Object back = JarHandler.cross(crossed, value.getClass());
            assertEquals(json.writeValueAsString(value), json.writeValueAsString(back));
        }
        assertEquals(true, ((APIGatewayV2HTTPResponse) JarHandler.cross(JarHandler.cross(response,
                jar.loadClass(APIGatewayV2HTTPResponse.class.getName())), APIGatewayV2HTTPResponse.class))
                .getIsBase64Encoded());
    }

    private static String jdeps(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "-verbose:class", "-filter:none", "--multi-release", String.valueOf(Runtime.version().feature()),
                classes.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
