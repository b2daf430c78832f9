package dev.orgexport.console.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a page answers: status, content type, extra headers and the body. */
public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response html(int status, String html) {
        return new Response(status, "text/html; charset=utf-8", Map.of(), html.getBytes(StandardCharsets.UTF_8));
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other: after a POST, or to the login page. */
    public static Response redirect(String location) {
        return new Response(303, "text/plain; charset=utf-8", Map.of("Location", location),
                ("see " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A download: the browser saves it under {@code fileName}. */
    public static Response download(String contentType, String fileName, String body) {
        return new Response(200, contentType, Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, more, body);
    }
}
