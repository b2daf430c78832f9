package dev.orgexport.simulator.http;

/**
 * A request the simulated platform refuses with an API error body. Carries no stack trace: it
 * is an answer, not a failure of the simulator.
 */
public final class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public PlatformException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static PlatformException badRequest(String message) {
        return new PlatformException(400, "bad.request", message);
    }

    public static PlatformException notFound(String message) {
        return new PlatformException(404, "not.found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
