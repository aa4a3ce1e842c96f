package io.tidemark.testing.s3;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts the requests S3Proxy serves by {@link S3RequestKind}, at the server, so that what a
 * client says it sent is not taken on trust. A request is counted when it arrives, before it is
 * answered: once a client has its answer, the request is in the counts.
 */
final class RequestCountingFilter implements Filter {
    private final Map<S3RequestKind, LongAdder> counts = new EnumMap<>(S3RequestKind.class);
    private volatile Consumer<S3Request> listener;

    RequestCountingFilter() {
        for (S3RequestKind kind : S3RequestKind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        S3RequestKind kind = S3RequestKind.of(http.getMethod(), http.getRequestURI(),
                parameterNames(http.getQueryString()), http.getHeader("x-amz-copy-source") != null);
        counts.get(kind).increment();
        Consumer<S3Request> l = listener;
        if (l == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response instanceof HttpServletResponse r ? r.getStatus() : 0;
            l.accept(new S3Request(kind, http.getMethod(), http.getRequestURI(), http.getQueryString(), status));
        }
    }

    /**
     * The names in a query string. Not {@code getParameterMap()}: for a form-encoded body that
     * would read the body, which {@link BufferedBodyFilter} and S3Proxy still have to read.
     */
    static Set<String> parameterNames(String query) {
        if (query == null || query.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                names.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    S3RequestCounts snapshot() {
        EnumMap<S3RequestKind, Long> now = new EnumMap<>(S3RequestKind.class);
        counts.forEach((kind, n) -> now.put(kind, n.sum()));
        return new S3RequestCounts(now);
    }

    void reset() {
        counts.values().forEach(LongAdder::reset);
    }

    void listener(Consumer<S3Request> listener) {
        this.listener = listener;
    }
}
