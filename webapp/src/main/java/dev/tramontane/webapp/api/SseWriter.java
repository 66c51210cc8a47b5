package dev.tramontane.webapp.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes server-sent events the way OpenAI does: {@code data: {json}\n\n} per event, flushed at
 * once, and {@code data: [DONE]\n\n} at the end. An {@link IOException} means the client left.
 */
final class SseWriter {

    private final OutputStream out;
    private final ObjectMapper json;

    private SseWriter(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    static SseWriter start(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = response.getOutputStream();
        response.flushBuffer();
        return new SseWriter(out, json);
    }

    void data(Object value) throws IOException {
        raw(json.writeValueAsString(value));
    }

    void raw(String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void done() throws IOException {
        raw("[DONE]");
    }
}
