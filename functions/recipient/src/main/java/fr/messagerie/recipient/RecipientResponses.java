package fr.messagerie.recipient;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The recipient pages another function answers on its own {@code /r/{token}} route (the proof function's
 * {@code GET /r/{token}/proof}): the same pages, security headers and cookie as every page of the link, written once.
 */
public final class RecipientResponses {
    private RecipientResponses() {
    }

    /** "Lien invalide ou expiré" (404), for every token that opens nothing. */
    public static APIGatewayV2HTTPResponse invalidLink(APIGatewayV2HTTPEvent event, String recipientBaseUrl) {
        return new WebRequest(event, recipientBaseUrl).page(404, RecipientPages.invalidLink(), null);
    }

    /**
     * A refusal in French with a link back to the letter ({@code token} and {@code deliveryId} name it).
     *
     * @param status the HTTP status (409, 429…)
     */
    public static APIGatewayV2HTTPResponse refusal(APIGatewayV2HTTPEvent event, String recipientBaseUrl, int status,
                                                   String title, String message, String token, String deliveryId) {
        return new WebRequest(event, recipientBaseUrl).page(status,
                RecipientPages.message(title, message, new Pages.Links("/r/" + token, deliveryId)), null);
    }

    /** The page of an unexpected failure (500), as the recipient function answers it. */
    public static APIGatewayV2HTTPResponse unavailable(APIGatewayV2HTTPEvent event, String recipientBaseUrl) {
        return new WebRequest(event, recipientBaseUrl).page(500, RecipientPages.unavailable(), null);
    }
}
