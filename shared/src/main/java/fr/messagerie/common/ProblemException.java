package fr.messagerie.common;


import java.util.List;

/**
 * A request the use cases refuse, with the HTTP status it maps to. The first violation gives the problem's code and
 * message; all of them are returned so that a form can show every error at once.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final List<Violation> violations;

    public ProblemException(int status, List<Violation> violations) {
        super(violations.get(0).code() + ": " + violations.get(0).message());
        this.status = status;
        this.violations = List.copyOf(violations);
    }

    public static ProblemException badRequest(List<Violation> violations) {
        return new ProblemException(400, violations);
    }

    public static ProblemException badRequest(String code, String field, String message) {
        return new ProblemException(400, List.of(new Violation(code, field, message)));
    }

    public static ProblemException notFound(String code, String message) {
        return new ProblemException(404, List.of(new Violation(code, null, message)));
    }

    public static ProblemException forbidden(String code, String message) {
        return new ProblemException(403, List.of(new Violation(code, null, message)));
    }

    public static ProblemException conflict(String code, String message) {
        return new ProblemException(409, List.of(new Violation(code, null, message)));
    }

    public static ProblemException tooManyRequests(String code, String message) {
        return new ProblemException(429, List.of(new Violation(code, null, message)));
    }

    public int status() {
        return status;
    }

    public List<Violation> violations() {
        return violations;
    }

    public String code() {
        return violations.get(0).code();
    }
}
