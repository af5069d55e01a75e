package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.Map;

/** Test handler: keeps the last API Gateway event and answers 200; letter "crash" makes it throw. */
public class EchoHttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static volatile APIGatewayV2HTTPEvent lastEvent;
    static volatile Context lastContext;
    private final Map<String, String> env;

    public EchoHttpHandler() {
        this(System.getenv());
    }

    public EchoHttpHandler(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getPathParameters() != null && "crash".equals(event.getPathParameters().get("letterId"))) {
            throw new IllegalStateException("crash requested");
        }
        lastEvent = event;
        lastContext = context;
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "text/plain"))
                .withBody(env.get("GREETING"))
                .build();
    }
}
