package dev.tramontane.engine.chat;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Optional;

/**
 * Picks the prompt format for a model. The vocabulary decides, because it is what the model was
 * trained with: control tokens {@code [INST]}… mean Mistral v3, otherwise Mistral v1. A Jinja
 * {@code tokenizer.chat_template} in the file is recognised (by the markers llama.cpp also uses)
 * and reported next to the choice, so a disagreement is visible rather than silently obeyed:
 * Tramontane does not run Jinja.
 */
public final class ChatTemplates {

    /** The chosen template, what the file's own template looks like, and a sentence for the log. */
    public record Selection(ChatTemplate template, ChatTemplateFamily fileTemplateFamily, String explanation) {}

    private ChatTemplates() {}

    public static ChatTemplate forVocabulary(Tokenizer tokenizer) {
        return hasV3ControlTokens(tokenizer) ? new MistralV3Template(tokenizer) : new MistralV1Template(tokenizer);
    }

    /** @param fileChatTemplate the file's {@code tokenizer.chat_template}, if it has one */
    public static Selection select(Tokenizer tokenizer, Optional<String> fileChatTemplate) {
        ChatTemplate template = forVocabulary(tokenizer);
        String because = template.family() == ChatTemplateFamily.MISTRAL_V3
                ? "the vocabulary has [INST] as a control token"
                : "the vocabulary has no [INST] control token";
        if (fileChatTemplate.isEmpty() || fileChatTemplate.get().isBlank()) {
            return new Selection(template, ChatTemplateFamily.UNKNOWN,
                    "chat template " + template.family().label() + " (" + because + "; the file has no tokenizer.chat_template)");
        }
        ChatTemplateFamily fileFamily = recognise(fileChatTemplate.get());
        String agreement = fileFamily == template.family()
                ? "the file's tokenizer.chat_template is " + fileFamily.label() + " too"
                : "the file's tokenizer.chat_template looks like " + fileFamily.label() + ", which Tramontane does not follow";
        return new Selection(template, fileFamily, "chat template " + template.family().label() + " (" + because + "; " + agreement + ")");
    }

    /** The family of a Jinja chat template, from the markers it writes. */
    public static ChatTemplateFamily recognise(String jinja) {
        if (jinja.contains("<|im_start|>")) {
            return ChatTemplateFamily.CHATML;
        }
        if (!jinja.contains("[INST]")) {
            return ChatTemplateFamily.UNKNOWN;
        }
        if (jinja.contains("[SYSTEM_PROMPT]")) {
            return ChatTemplateFamily.MISTRAL_V7;
        }
        if (jinja.contains("[AVAILABLE_TOOLS]") || jinja.contains("[TOOL_CALLS]")) {
            return jinja.contains("' [INST]") || jinja.contains("\" [INST]") ? ChatTemplateFamily.MISTRAL_V1 : ChatTemplateFamily.MISTRAL_V3;
        }
        if (jinja.contains("<<SYS>>")) {
            return ChatTemplateFamily.LLAMA2;
        }
        // Mixtral-8x7B-Instruct writes "' [INST] '" (current) or "'[INST] '" + content + "' [/INST]'" (original).
        return jinja.contains("' [/INST]'") || jinja.contains("' [INST] '") || jinja.contains("\" [/INST]\"")
                ? ChatTemplateFamily.MISTRAL_V1
                : ChatTemplateFamily.MISTRAL_V3;
    }

    private static boolean hasV3ControlTokens(Tokenizer tokenizer) {
        return tokenizer.find("[INST]").stream().anyMatch(tokenizer::isControl)
                && tokenizer.find("[/INST]").stream().anyMatch(tokenizer::isControl);
    }
}
