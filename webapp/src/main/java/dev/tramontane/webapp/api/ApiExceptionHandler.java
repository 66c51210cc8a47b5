package dev.tramontane.webapp.api;

import dev.tramontane.engine.serve.ContextOverflowException;
import dev.tramontane.engine.serve.GenerationFailedException;
import dev.tramontane.engine.serve.InvalidGenerationRequestException;
import dev.tramontane.engine.serve.ServiceClosedException;
import dev.tramontane.engine.serve.ServiceOverloadedException;
import dev.tramontane.webapp.security.RequestSizeLimitFilter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Every failure of {@code /v1} and {@code /api} in OpenAI's error shape, with the status an
 * OpenAI client expects: the engine's refusals map to 400 (invalid, context overflow), 429 (queue
 * full, with {@code Retry-After}) and 503 (service closed).
 */
@RestControllerAdvice(basePackages = "dev.tramontane.webapp.api")
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return respond(e.status(), e.getMessage(), e.type(), e.param(), e.code());
    }

    @ExceptionHandler(ContextOverflowException.class)
    ResponseEntity<Map<String, Object>> overflow(ContextOverflowException e) {
        return respond(HttpStatus.BAD_REQUEST, e.getMessage(), "invalid_request_error", "messages", "context_length_exceeded");
    }

    @ExceptionHandler(InvalidGenerationRequestException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidGenerationRequestException e) {
        return respond(HttpStatus.BAD_REQUEST, e.getMessage(), "invalid_request_error", null, null);
    }

    @ExceptionHandler(ServiceOverloadedException.class)
    ResponseEntity<Map<String, Object>> overloaded(ServiceOverloadedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body(e.getMessage(), "server_overloaded", null, "queue_full"));
    }

    @ExceptionHandler(ServiceClosedException.class)
    ResponseEntity<Map<String, Object>> closed(ServiceClosedException e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), "server_error", null, "service_unavailable");
    }

    @ExceptionHandler(GenerationFailedException.class)
    ResponseEntity<Map<String, Object>> failed(GenerationFailedException e) {
        if (e.getCause() instanceof ServiceClosedException) {
            return respond(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), "server_error", null, "service_unavailable");
        }
        log.error("generation failed", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage(), "server_error", null, null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                return respond(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), "invalid_request_error", null, "request_too_large");
            }
        }
        return respond(HttpStatus.BAD_REQUEST, "the request body is not valid JSON: "
                + (e.getMostSpecificCause() == null ? e.getMessage() : e.getMostSpecificCause().getMessage()),
                "invalid_request_error", null, "invalid_json");
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            HttpMediaTypeNotSupportedException.class, MultipartException.class})
    ResponseEntity<Map<String, Object>> badInput(Exception e) {
        if (e instanceof MaxUploadSizeExceededException) {
            return respond(HttpStatus.PAYLOAD_TOO_LARGE, "the upload is larger than the limit (spring.servlet.multipart.max-file-size): "
                    + e.getMessage(), "invalid_request_error", null, "request_too_large");
        }
        return respond(HttpStatus.BAD_REQUEST, e.getMessage(), "invalid_request_error", null, null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage(), "invalid_request_error", null, "method_not_allowed");
    }

    static ResponseEntity<Map<String, Object>> respond(HttpStatus status, String message, String type, String param, String code) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiErrors.body(message, type, param, code));
    }
}
