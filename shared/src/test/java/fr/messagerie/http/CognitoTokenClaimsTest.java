package fr.messagerie.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JWT contract of the agent API: the front-end sends the agent's Cognito ID token. Tokens carry exactly the
 * claims Cognito writes into them for the template's user pool (custom attributes organism and purchasingEntity,
 * readable by the app client); API Gateway's JWT authorizer hands them to the function as strings.
 */
class CognitoTokenClaimsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Xq7bT2mLp";
    private static final String CLIENT_ID = "4k7hdm0ugf2vq8c5tq3n1bl9ra";

    @Test
    void theIdTokenOfAnAgentGivesTheirIdentityAndOrganism() throws Exception {
        String idToken = jwt("""
                {"sub": "5b1e7a3c-2f0d-4c8e-9a61-0d3f4e5a6b7c",
                 "email_verified": true,
                 "iss": "%s",
                 "cognito:username": "5b1e7a3c-2f0d-4c8e-9a61-0d3f4e5a6b7c",
                 "origin_jti": "0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
                 "aud": "%s",
                 "event_id": "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d",
                 "token_use": "id",
                 "auth_time": 1764580000,
                 "name": "Alice MARTIN",
                 "custom:organism": "departement-13",
                 "custom:purchasingEntity": "direction-commande-publique",
                 "exp": 1764583600,
                 "iat": 1764580000,
                 "jti": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                 "email": "alice.martin@departement13.fr"}""".formatted(ISSUER, CLIENT_ID));

        Agent agent = new ApiRequest(authorizedBy(idToken)).agent();

        assertEquals(new Agent("5b1e7a3c-2f0d-4c8e-9a61-0d3f4e5a6b7c", "Alice MARTIN", "alice.martin@departement13.fr",
                "departement-13", "direction-commande-publique"), agent);
    }

    @Test
    void anAccessTokenIsRefusedWithWhatToSendInstead() throws Exception {
        String accessToken = jwt("""
                {"sub": "5b1e7a3c-2f0d-4c8e-9a61-0d3f4e5a6b7c",
                 "iss": "%s",
                 "client_id": "%s",
                 "origin_jti": "0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
                 "event_id": "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d",
                 "token_use": "access",
                 "scope": "aws.cognito.signin.user.admin",
                 "auth_time": 1764580000,
                 "exp": 1764583600,
                 "iat": 1764580000,
                 "jti": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a",
                 "username": "5b1e7a3c-2f0d-4c8e-9a61-0d3f4e5a6b7c"}""".formatted(ISSUER, CLIENT_ID));

        ProblemException refused = assertThrows(ProblemException.class,
                () -> new ApiRequest(authorizedBy(accessToken)).agent());

        assertEquals(401, refused.status());
        assertEquals("id-token-required", refused.code());
        assertEquals("Jeton d'accès reçu : l'API attend le jeton d'identité (ID token) Cognito de l'agent.",
                refused.violations().get(0).message());
    }

    /** A token as Cognito signs it (the signature is API Gateway's business, not the function's). */
    private static String jwt(String payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"kid\":\"Vb3kQ9n1yJmW2c4x\",\"alg\":\"RS256\"}";
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    /** The event of a request whose bearer token the JWT authorizer accepted: every claim becomes a string. */
    private static APIGatewayV2HTTPEvent authorizedBy(String token) throws Exception {
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        Map<String, String> claims = new LinkedHashMap<>();
        payload.properties().forEach(claim -> claims.put(claim.getKey(), claim.getValue().asText()));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("authorization", "Bearer " + token));
        event.setRequestContext(context);
        return event;
    }
}
