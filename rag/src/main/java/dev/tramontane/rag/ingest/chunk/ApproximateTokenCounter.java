package dev.tramontane.rag.ingest.chunk;

/**
 * Estimates subword tokens without a vocabulary: each punctuation mark or symbol is one token, and each
 * run of letters or digits costs one token per started four characters. BPE and WordPiece vocabularies of
 * European languages split text at roughly four characters per token on average (the common rule of thumb
 * for English, a little pessimistic for it and close for French, German, Spanish and Italian), and they
 * never merge across punctuation. Over-estimating is the safe side: a chunk then fits the model's window.
 */
public final class ApproximateTokenCounter implements TokenCounter {

    private static final int CHARACTERS_PER_TOKEN = 4;

    @Override
    public int count(CharSequence text) {
        int tokens = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                run++;
                continue;
            }
            tokens += (run + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
            run = 0;
            if (!Character.isWhitespace(c) && !Character.isLowSurrogate(c)) {
                tokens++;
            }
        }
        return tokens + (run + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }
}
