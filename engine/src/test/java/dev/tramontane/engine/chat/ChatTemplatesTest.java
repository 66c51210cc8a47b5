package dev.tramontane.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.tokenizer.TokenType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import dev.tramontane.engine.tokenizer.Vocabulary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatTemplatesTest {

    /** Mixtral-8x7B-Instruct-v0.1's current template (abridged to its distinctive lines). */
    private static final String MIXTRAL_8X7B = """
            {%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content'] %}{%- endif %}
            {{- bos_token }}{%- for message in loop_messages %}{%- if message['role'] == 'user' %}
            {{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}
            {%- elif message['role'] == 'assistant' %}{{- ' ' + message['content'] + eos_token}}{%- endif %}{%- endfor %}""";

    /** The original Mixtral/Mistral v0.1 template. */
    private static final String MISTRAL_V01 = "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}"
            + "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
            + "{{ message['content'] + eos_token}}{% endif %}{% endfor %}";

    /** Mistral-7B-Instruct-v0.3's template (abridged). */
    private static final String MISTRAL_V03 = "{%- if tools is not none %}{{- \"[AVAILABLE_TOOLS] [\" }}{%- endif %}"
            + "{{- '[INST] ' + message['content'] + '[/INST]' }}{{- \"[TOOL_CALLS] [\" }}";

    @Test
    void recognisesTheMistralFamiliesAndOthersFromTheirMarkers() {
        assertThat(ChatTemplates.recognise(MIXTRAL_8X7B)).isEqualTo(ChatTemplateFamily.MISTRAL_V1);
        assertThat(ChatTemplates.recognise(MISTRAL_V01)).isEqualTo(ChatTemplateFamily.MISTRAL_V1);
        assertThat(ChatTemplates.recognise(MISTRAL_V03)).isEqualTo(ChatTemplateFamily.MISTRAL_V3);
        assertThat(ChatTemplates.recognise("[SYSTEM_PROMPT] … [INST]")).isEqualTo(ChatTemplateFamily.MISTRAL_V7);
        assertThat(ChatTemplates.recognise("<|im_start|>{{ role }}")).isEqualTo(ChatTemplateFamily.CHATML);
        assertThat(ChatTemplates.recognise("[INST] <<SYS>>\\n")).isEqualTo(ChatTemplateFamily.LLAMA2);
        assertThat(ChatTemplates.recognise("{{ messages }}")).isEqualTo(ChatTemplateFamily.UNKNOWN);
    }

    @Test
    void selectionFollowsTheVocabularyAndReportsTheFilesOwnTemplate() {
        Tokenizer v1 = new Tokenizer(new Vocabulary(List.of("<unk>", "<s>", "</s>", "▁"), new float[4],
                List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL, TokenType.NORMAL), 1, 2, 0, true, true));

        ChatTemplates.Selection agreeing = ChatTemplates.select(v1, Optional.of(MIXTRAL_8X7B));
        assertThat(agreeing.template().family()).isEqualTo(ChatTemplateFamily.MISTRAL_V1);
        assertThat(agreeing.fileTemplateFamily()).isEqualTo(ChatTemplateFamily.MISTRAL_V1);
        assertThat(agreeing.explanation()).contains("mistral-v1 too");

        ChatTemplates.Selection disagreeing = ChatTemplates.select(v1, Optional.of("<|im_start|>"));
        assertThat(disagreeing.template().family()).isEqualTo(ChatTemplateFamily.MISTRAL_V1);
        assertThat(disagreeing.explanation()).contains("looks like chatml");

        assertThat(ChatTemplates.select(v1, Optional.empty()).explanation()).contains("no tokenizer.chat_template");
    }
}
