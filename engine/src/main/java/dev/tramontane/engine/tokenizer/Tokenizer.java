package dev.tramontane.engine.tokenizer;

import dev.tramontane.engine.gguf.GgufMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * SentencePiece BPE tokenizer for GGUF vocabularies of model {@code llama} (Llama, Mistral,
 * Mixtral): text to token ids and back, with llama.cpp's behaviour, which its test suites pin down.
 *
 * <p>Encoding: special pieces (user-defined ones always; control and unknown ones only when
 * {@code parseSpecial}) are cut out of the text first, longest first. Each remaining text fragment
 * that follows the start or a special token gets the dummy-prefix space, then spaces become
 * {@code ▁} and {@link SentencePieceMerger} merges it. Decoding turns {@code ▁} back into spaces,
 * byte pieces back into bytes, skips control and unknown tokens, and drops one leading space from
 * the very first token (the dummy prefix), so {@code decode(encode(text))} is {@code text}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tokenizer {

    private static final char SPACE_MARK = '\u2581';

    private final Vocabulary vocabulary;
    private final Map<String, Integer> idsByPiece;
    private final int[] byteIds = new int[256];
    /** Ids matched verbatim in input before merging, longest text first. */
    private final int[] specialIds;

    public Tokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        int size = vocabulary.size();
        this.idsByPiece = HashMap.newHashMap(size);
        for (int id = 0; id < size; id++) {
            // On duplicate pieces the later id wins, as in llama.cpp's token_to_id map.
            idsByPiece.put(vocabulary.token(id), id);
        }
        for (int b = 0; b < 256; b++) {
            Integer id = idsByPiece.get(bytePiece(b));
            if (id == null && b < 0x80) {
                id = idsByPiece.get(String.valueOf((char) b));
            }
            byteIds[b] = id != null ? id : vocabulary.unknownId();
        }
        List<Integer> specials = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            TokenType type = vocabulary.type(id);
            boolean special = type == TokenType.CONTROL || type == TokenType.USER_DEFINED || type == TokenType.UNKNOWN;
            if (special && !vocabulary.token(id).isEmpty()) {
                specials.add(id);
            }
        }
        specials.sort(Comparator.comparingInt((Integer id) -> vocabulary.token(id).length()).reversed());
        this.specialIds = specials.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The tokenizer of a GGUF file. Only {@code tokenizer.ggml.model = llama} (SentencePiece) is
     * supported; missing scores, types and ids take llama.cpp's defaults (score 0, normal, BOS 1,
     * EOS 2, unknown 0, BOS added, space prefix added).
     */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        String model = metadata.getString("tokenizer.ggml.model", "llama");
        if (!model.equals("llama")) {
            throw new IllegalArgumentException("tokenizer.ggml.model is \"" + model
                    + "\"; Tramontane supports only \"llama\" (SentencePiece BPE, as in Llama, Mistral and Mixtral files)");
        }
        String[] tokens = metadata.getStringArray("tokenizer.ggml.tokens");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].isEmpty()) {
                tokens[i] = "[EMPTY_" + i + "]"; // llama.cpp's name, so an empty piece never matches text
            }
        }
        float[] scores = metadata.contains("tokenizer.ggml.scores")
                ? metadata.getFloatArray("tokenizer.ggml.scores") : new float[tokens.length];
        List<TokenType> types = new ArrayList<>(tokens.length);
        if (metadata.contains("tokenizer.ggml.token_type")) {
            for (int code : metadata.getIntArray("tokenizer.ggml.token_type")) {
                types.add(TokenType.fromCode(code));
            }
        } else {
            types.addAll(java.util.Collections.nCopies(tokens.length, TokenType.NORMAL));
        }
        int size = tokens.length;
        return new Tokenizer(new Vocabulary(List.of(tokens), scores, types,
                idOrAbsent(metadata, "tokenizer.ggml.bos_token_id", 1, size),
                idOrAbsent(metadata, "tokenizer.ggml.eos_token_id", 2, size),
                idOrAbsent(metadata, "tokenizer.ggml.unknown_token_id", 0, size),
                metadata.getBoolean("tokenizer.ggml.add_bos_token", true),
                metadata.getBoolean("tokenizer.ggml.add_space_prefix", true)));
    }

    private static int idOrAbsent(GgufMetadata metadata, String key, int dflt, int size) {
        int id = metadata.getInt(key, dflt);
        if (id >= size) {
            throw new IllegalArgumentException(key + " = " + id + " is outside the vocabulary of " + size
                    + " tokens; the file's tokenizer metadata is inconsistent");
        }
        return id < 0 ? -1 : id;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    public int bos() {
        return vocabulary.bosId();
    }

    public int eos() {
        return vocabulary.eosId();
    }

    /** The vocabulary's own text of {@code id}, e.g. {@code ▁Hello}, {@code <0x0A>}, {@code [INST]}. */
    public String piece(int id) {
        checkId(id);
        return vocabulary.token(id);
    }

    /** The id whose piece is exactly {@code text}, if any (e.g. {@code "[INST]"} in a v3 vocabulary). */
    public OptionalInt find(String text) {
        Integer id = idsByPiece.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public boolean isControl(int id) {
        checkId(id);
        return vocabulary.type(id) == TokenType.CONTROL;
    }

    /**
     * Token ids of {@code text}. {@code addBos} puts the BOS id first (when the vocabulary has one).
     * With {@code parseSpecial}, the text of a control token (e.g. {@code </s>}) becomes that token;
     * without it, that text is tokenized as ordinary characters: use {@code false} for anything a user typed.
     */
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        IntList out = new IntList();
        if (addBos && vocabulary.bosId() >= 0) {
            out.add(vocabulary.bosId());
        }
        SentencePieceMerger merger = new SentencePieceMerger(this);
        boolean afterSpecial = true;
        for (Fragment fragment : splitSpecial(text, parseSpecial)) {
            if (fragment.tokenId >= 0) {
                out.add(fragment.tokenId);
                afterSpecial = true;
            } else {
                String raw = vocabulary.addSpacePrefix() && afterSpecial ? " " + fragment.text : fragment.text;
                merger.encode(raw.replace(' ', SPACE_MARK), out);
                afterSpecial = false;
            }
        }
        return out.toArray();
    }

    /** Text of {@code ids}; control and unknown tokens are left out. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Text of {@code ids}; with {@code renderSpecial}, control tokens appear as their text (e.g. {@code </s>}). */
    public String decode(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < ids.length; i++) {
            byte[] piece = pieceBytes(ids[i], renderSpecial);
            int skip = i == 0 && vocabulary.addSpacePrefix() && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            bytes.write(piece, skip, piece.length - skip);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The bytes {@code id} contributes to decoded text: a normal piece with {@code ▁} as space, the
     * single byte of a {@code <0xNN>} piece (possibly part of a multi-byte character), nothing for
     * control, unknown and unused tokens unless {@code renderSpecial}.
     */
    public byte[] pieceBytes(int id, boolean renderSpecial) {
        checkId(id);
        String text = vocabulary.token(id);
        return switch (vocabulary.type(id)) {
            case NORMAL -> text.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8);
            case BYTE -> new byte[] {(byte) byteValue(id, text)};
            case USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
            case CONTROL, UNKNOWN -> renderSpecial ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
            case UNUSED, UNDEFINED -> new byte[0];
        };
    }

    /** {@code <0xNN>} with upper-case hex, as SentencePiece names byte pieces. */
    static String bytePiece(int b) {
        return "<0x" + HEX.charAt(b >> 4) + HEX.charAt(b & 15) + ">";
    }

    private static final String HEX = "0123456789ABCDEF";

    int idOf(String piece) {
        Integer id = idsByPiece.get(piece);
        return id == null ? -1 : id;
    }

    void appendBytes(String symbol, IntList out) {
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            int id = byteIds[b & 0xFF];
            if (id < 0) {
                throw new IllegalStateException("the vocabulary has neither a " + bytePiece(b & 0xFF)
                        + " byte piece nor an unknown token, so \"" + symbol + "\" cannot be encoded");
            }
            out.add(id);
        }
    }

    private static int byteValue(int id, String text) {
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            try {
                return Integer.parseInt(text.substring(3, 5), 16);
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalStateException("token " + id + " is typed BYTE but its piece \"" + text
                + "\" is not of the form <0xNN>; the vocabulary is malformed");
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                    + vocabulary.size() + " tokens");
        }
    }

    /** A piece of input: either raw text ({@code tokenId == -1}) or one special token. */
    private record Fragment(String text, int tokenId) {}

    private List<Fragment> splitSpecial(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(text, -1));
        for (int id : specialIds) {
            TokenType type = vocabulary.type(id);
            if (!parseSpecial && type != TokenType.USER_DEFINED) {
                continue;
            }
            String special = vocabulary.token(id);
            List<Fragment> split = new ArrayList<>(fragments.size());
            for (Fragment fragment : fragments) {
                if (fragment.tokenId >= 0 || !fragment.text.contains(special)) {
                    split.add(fragment);
                    continue;
                }
                int from = 0;
                int at;
                while ((at = fragment.text.indexOf(special, from)) >= 0) {
                    if (at > from) {
                        split.add(new Fragment(fragment.text.substring(from, at), -1));
                    }
                    split.add(new Fragment(special, id));
                    from = at + special.length();
                }
                if (from < fragment.text.length()) {
                    split.add(new Fragment(fragment.text.substring(from), -1));
                }
            }
            fragments = split;
        }
        return fragments;
    }

    @Override
    public String toString() {
        return "Tokenizer[" + vocabulary + ", special pieces " + Arrays.stream(specialIds).limit(8).mapToObj(vocabulary::token).toList() + "]";
    }
}
