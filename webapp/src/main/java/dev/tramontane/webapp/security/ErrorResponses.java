package dev.tramontane.webapp.security;

import dev.tramontane.webapp.api.ApiErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Security refusals written straight from filters, in the same OpenAI error shape as the controllers use. */
final class ErrorResponses {

    private ErrorResponses() {}

    static void write(HttpServletResponse response, int status, String message, String type, String code) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ApiErrors.json(message, type, null, code));
        response.getWriter().flush();
    }
}
