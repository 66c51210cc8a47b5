package dev.tramontane.webapp.api;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered in OpenAI's error shape
 * {@code {"error":{"message","type","param","code"}}} with {@link #status()}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;

    public ApiException(HttpStatus status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400 {@code invalid_request_error}, naming the offending parameter. */
    public static ApiException badRequest(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", null, param, message);
    }

    public static ApiException notFound(String code, String param, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", code, param, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
