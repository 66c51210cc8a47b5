package dev.tramontane.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of the fixtures' reference files ({@code *.en.json}, {@code *.fr-de.json}): what llama.cpp
 * computed for a prompt. {@code positions} holds the prompt positions followed by the generated
 * ones, in the order a teacher-forced run meets them.
 */
record LlamaCppReference(int[] promptTokens, int[] greedy, List<Position> positions) {

    /** The 8 highest logits after one token, as llama.cpp printed them. */
    record Position(int[] topTokens, float[] topLogits) {}

    static LlamaCppReference read(Path json) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        List<Position> positions = new ArrayList<>();
        for (String field : new String[] {"positions", "generated_positions"}) {
            for (JsonNode p : root.get(field)) {
                JsonNode top = p.get("top");
                int[] tokens = new int[top.size()];
                float[] logits = new float[top.size()];
                for (int i = 0; i < top.size(); i++) {
                    tokens[i] = top.get(i).get(0).asInt();
                    logits[i] = (float) top.get(i).get(1).asDouble();
                }
                positions.add(new Position(tokens, logits));
            }
        }
        return new LlamaCppReference(ints(root.get("prompt_tokens")), ints(root.get("greedy")), positions);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** The tokens a teacher-forced run feeds: the prompt, then every greedy token. */
    int[] teacherForcedTokens() {
        int[] all = new int[promptTokens.length + greedy.length];
        System.arraycopy(promptTokens, 0, all, 0, promptTokens.length);
        System.arraycopy(greedy, 0, all, promptTokens.length, greedy.length);
        return all;
    }
}
