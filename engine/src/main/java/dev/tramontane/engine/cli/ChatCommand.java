package dev.tramontane.engine.cli;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatTemplates;
import dev.tramontane.engine.generate.GenerationResult;
import dev.tramontane.engine.generate.Generator;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code chat --model FILE}: an interactive conversation on stdin/stdout. Each line is a user turn;
 * the chat template chosen for the model's vocabulary renders the whole conversation, the answer
 * streams to stdout. {@code /exit} or end of input ends it, {@code /reset} forgets the history.
 */
final class ChatCommand {

    static final String HELP = """
            Usage: tramontane chat --model FILE [--system TEXT] [options]
              Reads one user message per line from stdin and streams the answers.
              /reset forgets the conversation, /exit (or end of input) quits.
              --system TEXT          a system message for the conversation
            """ + SamplingOptions.HELP;

    private ChatCommand() {}

    static int run(String[] rawArgs, InputStream in, PrintStream out, PrintStream err) throws IOException {
        Set<String> valued = new HashSet<>(SamplingOptions.VALUED);
        valued.addAll(Set.of("--model", "--system"));
        CliArguments args = CliArguments.parse("chat", rawArgs, valued, Set.of(), GenerateCommand.aliases());
        if (!args.positional().isEmpty()) {
            throw new UsageException("chat: unexpected argument " + args.positional().getFirst());
        }
        Path modelPath = Path.of(args.require("chat", "--model"));
        SamplingParams params = SamplingOptions.from(args);
        KvCacheType kvType = SamplingOptions.kvCacheType(args, "chat");
        try (Model model = ModelLoading.load(modelPath, err, kvType, ModelLoading.WarmUp.byDefault(),
                SamplingOptions.repack(args, "chat"))) {
            int context = SamplingOptions.contextLength(args, model.config().contextLength());
            ChatTemplates.Selection selection = ChatTemplates.select(model.tokenizer(),
                    model.gguf().metadata().findString("tokenizer.chat_template"));
            err.println(selection.explanation());
            Generator generator = new Generator(model, kvType);
            List<ChatMessage> conversation = new ArrayList<>();
            String system = args.get("--system");
            if (system != null) {
                conversation.add(ChatMessage.system(system));
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            while (true) {
                err.print("> ");
                err.flush();
                String line = reader.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    break;
                }
                if (line.strip().equals("/reset")) {
                    conversation.subList(system != null ? 1 : 0, conversation.size()).clear();
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                conversation.add(ChatMessage.user(line));
                int[] prompt = selection.template().render(conversation);
                if (prompt.length >= context) {
                    err.printf("the conversation (%d tokens) no longer fits the context of %d; starting over (/reset)%n", prompt.length, context);
                    conversation.subList(system != null ? 1 : 0, conversation.size() - 1).clear();
                    prompt = selection.template().render(conversation);
                    if (prompt.length >= context) {
                        err.println("this message alone does not fit the context; raise --ctx-size");
                        conversation.removeLast();
                        continue;
                    }
                }
                GenerationResult result = generator.generate(prompt, params, context, text -> {
                    out.print(text);
                    out.flush();
                });
                out.println();
                out.flush();
                conversation.add(ChatMessage.assistant(result.text()));
                err.printf(Locale.ROOT, "[%d tokens, %.1f tok/s, stopped: %s]%n", result.generatedTokens().length,
                        result.tokensPerSecond(), result.stopReason());
            }
        }
        return 0;
    }
}
