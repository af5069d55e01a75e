package fr.messagerie.servers;

/**
 * How SES refuses a SendEmail (SESv2 errors, as its API answers them): the local SES endpoint can be told to answer
 * so ({@link LocalAws#refuseSesSends}). All but {@link #ACCOUNT_SUSPENDED} decline for now: SES would send later.
 */
public enum SesRefusal {
    /** Maximum sending rate exceeded. */
    TOO_MANY_REQUESTS(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
    /** Daily sending quota exceeded. */
    LIMIT_EXCEEDED(400, "LimitExceededException", "Daily message quota exceeded."),
    /** Sending paused for the account or the configuration set. */
    SENDING_PAUSED(400, "SendingPausedException", "Email sending is disabled for this account."),
    /** The account may no longer send: no retry makes SES send it. */
    ACCOUNT_SUSPENDED(400, "AccountSuspendedException", "The account has been suspended.");

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
