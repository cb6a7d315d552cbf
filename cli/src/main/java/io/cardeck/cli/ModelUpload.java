package io.cardeck.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Uploads an ONNX model as the platform's upload endpoints take it: multipart/form-data with a
 * {@code file} part and text fields ({@code metadata} JSON, ...). The JDK's HTTP client has no
 * multipart builder, so the body is written here (RFC 7578).
 */
public final class ModelUpload {

    private ModelUpload() {}

    /** @param request the upload endpoint with its credential headers; method and body are set here */
    public static HttpResponse<String> post(HttpClient http, HttpRequest.Builder request, Map<String, String> fields,
                                            String fileName, byte[] onnx) {
        String boundary = "cardeck-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(onnx);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest upload = request
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        URI url = upload.uri();
        try {
            return http.send(upload, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading to " + url, e);
        }
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
