package io.tidemark.testing.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Reads a PUT's or POST's whole body before S3Proxy sees the request.
 *
 * <p>S3Proxy answers a failed conditional PUT (412, 404) before it reads the body. The server
 * then closes the connection with the rest of the body unread, and a client still sending a body
 * of more than about a megabyte gets a connection reset (an I/O error) instead of the 412. With
 * the body already read, the answer arrives like any other. Bodies are held in memory: this is a
 * test server.
 */
final class BufferedBodyFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http
                && ("PUT".equals(http.getMethod()) || "POST".equals(http.getMethod()))) {
            byte[] body = http.getInputStream().readAllBytes();
            chain.doFilter(new BufferedRequest(http, body), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BytesInputStream(body);
        }
    }

    private static final class BytesInputStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BytesInputStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public int available() {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body was read in full already");
        }
    }
}
