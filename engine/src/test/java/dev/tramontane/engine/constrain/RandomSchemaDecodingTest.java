package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The property constrained decoding promises: whatever the schema and however unreasonable the
 * model, every output is one JSON document that the schema accepts, and it ends within the budget.
 * Hundreds of seeded random schemas × random "models" (random logits with obsessions), checked by
 * Jackson and by an independent JSON Schema validator.
 */
class RandomSchemaDecodingTest {

    @Test
    void randomSchemasDecodedByRandomModelsOverASyntheticVocabularyAreAlwaysValid() {
        checkMany(TestTokenizers.synthetic(), 400, 11, 80);
    }

    @Test
    void randomSchemasDecodedByRandomModelsOverTheRealMistralVocabularyAreAlwaysValid() {
        checkMany(TestTokenizers.mistral(), 120, 23, 48);
    }

    @Test
    void anyJsonModeAlwaysYieldsOneParseableDocument() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonSchemaConstraint any = JsonSchemaConstraint.anyJson(tokenizer, JsonLimits.defaults().withMaxStringChars(12).withMaxArrayItems(4));
        for (int seed = 0; seed < 150; seed++) {
            ConstrainedDecoding.Output out = ConstrainedDecoding.generate(any, 1 + seed % 60, seed);
            ConstrainedDecoding.assertValid("{}", out.text(), "any JSON, seed " + seed);
        }
    }

    private static void checkMany(Tokenizer tokenizer, int schemas, long seed, int maxExtraTokens) {
        RandomSchemas generator = new RandomSchemas(seed);
        Random budgets = new Random(seed);
        int closedByBudget = 0;
        int endedByEos = 0;
        for (int i = 0; i < schemas; i++) {
            ObjectNode schema = generator.next();
            String schemaJson = schema.toString();
            JsonLimits limits = JsonLimits.defaults().withMaxStringChars(4 + budgets.nextInt(40)).withMaxArrayItems(6 + budgets.nextInt(6))
                    .withAllowSpaces(budgets.nextInt(4) > 0);
            JsonSchemaConstraint compiled = JsonSchemaConstraint.compile(schemaJson, tokenizer, limits);
            int budget = compiled.minTokens() + budgets.nextInt(maxExtraTokens);
            ConstrainedDecoding.Output out = ConstrainedDecoding.generate(compiled, budget, seed * 1000 + i);
            String context = "schema #" + i + " of seed " + seed + ", budget " + budget + ", limits " + limits;
            ConstrainedDecoding.assertValid(schemaJson, out.text(), context);
            assertThat(compiled.grammar().matches(out.text())).as(context).isTrue();
            if (out.stoppedByEos()) {
                endedByEos++;
            } else {
                closedByBudget++;
            }
        }
        // Both ways of ending must have been exercised, or the test proves less than it claims.
        assertThat(endedByEos).isPositive();
        assertThat(closedByBudget).isPositive();
    }
}
