package dev.orgexport.console.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One console request as the pages see it: method, path below the console's root, query and
 * form parameters (first value of each name), cookies, a few headers and the peer's address. Form bodies larger
 * than {@value #MAX_FORM_BYTES} bytes are refused.
 */
public record Request(String method, String path, Map<String, String> query, Map<String, String> form,
                      Map<String, String> cookies, Map<String, String> headers, String remoteAddress) {

    static final int MAX_FORM_BYTES = 64 * 1024;

    public Request {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        cookies = Map.copyOf(cookies);
        headers = Map.copyOf(headers);
    }

    /** Reads the exchange; {@code root} is the context path ({@code /console}). */
    public static Request read(HttpExchange exchange, String root) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = URLDecoder.decode(rawPath.substring(Math.min(root.length(), rawPath.length())), StandardCharsets.UTF_8);
        Map<String, String> form = Map.of();
        if ("POST".equals(method)) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                form = parameters(readBody(exchange.getRequestBody()));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("Authorization", "Origin", "Host", "Accept")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return new Request(method, path.isEmpty() ? "/" : path, parameters(exchange.getRequestURI().getRawQuery()), form,
                cookies(exchange.getRequestHeaders().get("Cookie")), headers,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    /** A query or form parameter, blank treated as absent, trimmed. */
    public Optional<String> parameter(String name) {
        String value = form.containsKey(name) ? form.get(name) : query.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean isPost() {
        return "POST".equals(method);
    }

    private static String readBody(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_FORM_BYTES + 1);
        if (bytes.length > MAX_FORM_BYTES) {
            throw new IOException("form body larger than " + MAX_FORM_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, String> parameters(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static Map<String, String> cookies(List<String> headers) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (headers == null) {
            return cookies;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                int equals = part.indexOf('=');
                if (equals > 0) {
                    cookies.putIfAbsent(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
                }
            }
        }
        return cookies;
    }
}
