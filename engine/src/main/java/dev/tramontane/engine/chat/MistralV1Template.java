package dev.tramontane.engine.chat;

import dev.tramontane.engine.chat.ChatMessage.Role;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.List;

/**
 * The Mistral/Mixtral v1 instruct format (SentencePiece v1 vocabulary, where {@code [INST]} is
 * ordinary text): {@code <s>[INST] user [/INST] answer</s>[INST] next [/INST]}, an optional
 * system message merged into the first user turn as {@code system + "\n\n" + user}.
 *
 * <p>As token ids this is what Mixtral-8x7B-Instruct's Hugging Face template and mistral-common
 * produce: each turn is tokenized on its own with the dummy-prefix space ({@code ▁[INST]…▁[/INST]},
 * {@code ▁answer}), BOS and EOS are ids.
 */
public final class MistralV1Template implements ChatTemplate {

    private final Tokenizer tokenizer;

    public MistralV1Template(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public ChatTemplateFamily family() {
        return ChatTemplateFamily.MISTRAL_V1;
    }

    @Override
    public int[] render(List<ChatMessage> messages, String toolsJson) {
        if (toolsJson != null && !toolsJson.isBlank()) {
            throw new IllegalArgumentException("the mistral-v1 prompt format has no tool definitions; "
                    + "use a model whose vocabulary has [AVAILABLE_TOOLS] (mistral-v3) for tool calling");
        }
        String system = null;
        int first = 0;
        if (!messages.isEmpty() && messages.get(0).role() == Role.SYSTEM) {
            system = messages.get(0).content();
            first = 1;
        }
        TokenSequence out = new TokenSequence(tokenizer).id(tokenizer.bos());
        for (int i = first; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            Role expected = (i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT;
            if (message.role() != expected) {
                throw new IllegalArgumentException("message " + i + " has role " + message.role()
                        + " but the mistral-v1 format needs " + expected + " there: after an optional first system "
                        + "message, turns must alternate user/assistant (tool messages are not supported)");
            }
            if (message.role() == Role.USER) {
                String content = i == first && system != null ? system + "\n\n" + message.content() : message.content();
                out.text("[INST] " + content + " [/INST]");
            } else {
                out.text(message.content()).id(tokenizer.eos());
            }
        }
        return out.toArray();
    }
}
