package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Documents (multipart upload, SSE progress, list, get, delete), search with filters and highlights, collections, retrieval in chat. */
class NativeApiTest extends RunningApp {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private HttpResponse<String> upload(String fileName, String content, String collection) {
        String boundary = "----tramontane" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n" + collection + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/documents")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    @Test
    void anUploadedDocumentIsIngestedWithProgressEventsThenSearchableFilterableAndDeletable() {
        String collection = "native-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = upload("lighthouses.md", """
                # Lighthouses of Brittany

                The Phare du Créac'h on Ouessant is one of the most powerful lighthouses in Europe.
                Its two white and black bands guide ships through the Iroise sea.
                """, collection);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).path("documentId").asString();
        assertThat(accepted.headers().firstValue("Location")).contains("/api/documents/" + id);

        HttpResponse<String> events = get("/api/documents/" + id + "/events");
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("event:progress").contains("\"state\":\"INDEXED\"");

        JsonNode status = JSON.readTree(get("/api/documents/" + id).body());
        assertThat(status.path("state").asString()).isEqualTo("INDEXED");
        assertThat(status.path("percent").asInt()).isEqualTo(100);
        assertThat(JSON.readTree(get("/api/documents?collection=" + collection).body()).size()).isEqualTo(1);

        JsonNode collections = JSON.readTree(get("/api/collections").body());
        JsonNode ours = null;
        for (JsonNode c : collections.values()) {
            if (c.path("name").asString().equals(collection)) ours = c;
        }
        assertThat(ours).isNotNull();
        assertThat(ours.path("indexed").asInt()).isEqualTo(1);

        JsonNode hits = JSON.readTree(get("/api/search?q=" + URLEncoder.encode("powerful lighthouse", StandardCharsets.UTF_8)
                + "&collection=" + collection).body()).path("results");
        assertThat(hits.size()).isPositive();
        assertThat(hits.get(0).path("document_id").asString()).isEqualTo(id);
        assertThat(hits.get(0).path("snippet").asString()).contains("<mark>");
        assertThat(hits.get(0).path("url").asString()).startsWith("/api/documents/" + id);
        JsonNode elsewhere = JSON.readTree(get("/api/search?q=lighthouse&collection=nothing-here").body()).path("results");
        assertThat(elsewhere.size()).isZero();

        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/api/documents/" + id)).header("Authorization", "Bearer " + KEY)
                .DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(get("/api/documents/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aChatRequestThatOptsIntoACollectionIsAnsweredWithUrlCitations() {
        requireModel();
        String collection = "cite-" + UUID.randomUUID().toString().substring(0, 8);
        String id = JSON.readTree(upload("tides.md", "# Tides\n\nThe tide at Mont-Saint-Michel rises up to fourteen metres.\n", collection).body())
                .path("documentId").asString();
        assertThat(get("/api/documents/" + id + "/events").body()).contains("\"state\":\"INDEXED\"");
        String model = JSON.readTree(get("/v1/models").body()).at("/data/0/id").asString();
        for (String request : new String[] {
                "{\"model\":\"%s\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"How high is the tide at Mont-Saint-Michel?\"}],\"tramontane\":{\"collection\":\"%s\"}}"
                        .formatted(model, collection),
                "{\"model\":\"%s@%s\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"How high is the tide at Mont-Saint-Michel?\"}]}"
                        .formatted(model, collection)}) {
            HttpResponse<String> r = post("/v1/chat/completions", request);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode annotation = JSON.readTree(r.body()).at("/choices/0/message/annotations/0");
            assertThat(annotation.path("type").asString()).isEqualTo("url_citation");
            assertThat(annotation.at("/url_citation/url").asString()).isEqualTo("/api/documents/" + id + "#page=1");
            assertThat(annotation.at("/url_citation/title").asString()).isNotBlank();
        }
    }

    @Test
    void anUnknownDocumentIs404InOpenAiShape() {
        HttpResponse<String> r = get("/api/documents/does-not-exist");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"code\":\"document_not_found\"");
    }
}
