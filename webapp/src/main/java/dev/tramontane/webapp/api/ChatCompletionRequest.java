package dev.tramontane.webapp.api;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import java.util.List;
import org.springframework.ai.chat.messages.Message;

/**
 * A {@code /v1/chat/completions} body, validated and translated into Spring AI terms.
 *
 * @param model        the requested model id (maybe with an {@code @collection} suffix)
 * @param messages     the conversation
 * @param options      sampling, stop, seed, tools, tool choice and output format
 * @param stream       answer as server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a last chunk with usage and no choices
 * @param collection   the document collection to answer from ({@code tramontane.collection}), or null
 * @param serverTools  registry tools the server runs itself during the request ({@code server_tools}); empty = none
 */
record ChatCompletionRequest(String model, List<Message> messages, TramontaneChatOptions options, boolean stream,
                             boolean includeUsage, String collection, List<String> serverTools) {}
