package dev.tramontane.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API bodies over the limit with 413 before they are read: by {@code Content-Length}
 * when sent, and by counting while reading a chunked body. Document uploads have their own,
 * larger limit.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBody;
    private final long maxUpload;

    RequestSizeLimitFilter(long maxBody, long maxUpload) {
        this.maxBody = maxBody;
        this.maxUpload = maxUpload;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = request.getContentType() != null && request.getContentType().startsWith("multipart/");
        long limit = upload ? maxUpload : maxBody;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            ErrorResponses.write(response, 413, tooLarge(declared, limit, upload), "invalid_request_error", "request_too_large");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Counting(request, limit, upload), response);
    }

    private static String tooLarge(long size, long limit, boolean upload) {
        return "the request body has " + size + " bytes, more than the " + limit + " allowed ("
                + (upload ? "tramontane.api.max-upload-size" : "tramontane.api.max-body-size") + ")";
    }

    /** Thrown while reading a chunked body past the limit; mapped to 413. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    private static final class Counting extends HttpServletRequestWrapper {
        private final long limit;
        private final boolean upload;

        Counting(HttpServletRequest request, long limit, boolean upload) {
            super(request);
            this.limit = limit;
            this.upload = upload;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                long read;

                private int count(int n) throws IOException {
                    if (n > 0 && (read += n) > limit) {
                        throw new BodyTooLargeException(tooLarge(read, limit, upload));
                    }
                    return n;
                }

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) count(1);
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    return count(in.read(buf, off, len));
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
