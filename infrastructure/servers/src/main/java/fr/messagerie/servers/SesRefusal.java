package fr.messagerie.servers;

/**
 * How SES declines a SendEmail it does not send now (SESv2 errors, as its API answers them): the local SES endpoint
 * can be told to answer so ({@link LocalAws#refuseSesSends}).
 */
public enum SesRefusal {
    /** Maximum sending rate exceeded. */
    TOO_MANY_REQUESTS(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
    /** Daily sending quota exceeded. */
    LIMIT_EXCEEDED(400, "LimitExceededException", "Daily message quota exceeded."),
    /** Sending paused for the account or the configuration set. */
    SENDING_PAUSED(400, "SendingPausedException", "Email sending is disabled for this account.");

    private final int status;
    private final String errorType;
    private final String message;

    SesRefusal(int status, String errorType, String message) {
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    String message() {
        return message;
    }
}
