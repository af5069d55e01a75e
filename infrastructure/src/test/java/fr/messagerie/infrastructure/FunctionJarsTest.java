package fr.messagerie.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each function runs, here as in AWS, on its own jar and nothing else. */
@ExtendWith(LocalAwsExtension.class)
class FunctionJarsTest {

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
}
