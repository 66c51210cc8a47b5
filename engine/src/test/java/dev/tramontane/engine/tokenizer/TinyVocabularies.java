package dev.tramontane.engine.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built SentencePiece vocabularies: ids 0..2 are {@code <unk> <s> </s>}, 3..258 the byte pieces. */
final class TinyVocabularies {

    private TinyVocabularies() {}

    /** Pieces after the byte pieces, with their scores; ids follow insertion order from 259. */
    static Vocabulary of(Map<String, Float> pieces, Map<String, TokenType> extraSpecials) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<TokenType> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(TokenType.BYTE);
        }
        pieces.forEach((piece, score) -> {
            tokens.add(piece);
            scores.add(score);
            types.add(TokenType.NORMAL);
        });
        extraSpecials.forEach((piece, type) -> {
            tokens.add(piece);
            scores.add(0f);
            types.add(type);
        });
        float[] scoreArray = new float[scores.size()];
        for (int i = 0; i < scoreArray.length; i++) {
            scoreArray[i] = scores.get(i);
        }
        return new Vocabulary(tokens, scoreArray, types, 1, 2, 0, true, true);
    }

    static Map<String, Float> pieces(Object... pieceScorePairs) {
        Map<String, Float> map = new LinkedHashMap<>();
        for (int i = 0; i < pieceScorePairs.length; i += 2) {
            map.put((String) pieceScorePairs[i], ((Number) pieceScorePairs[i + 1]).floatValue());
        }
        return map;
    }

    static int byteId(int b) {
        return 3 + b;
    }
}
