package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The other half of the promise: the recogniser must not refuse documents it claims to allow
 * (a constraint that is too strict silently bends what the model says). Random documents written
 * independently of the grammar, checked first by the JSON Schema validator, must be matched.
 */
class GrammarCompletenessTest {

    @Test
    void everyDocumentTheSchemaAcceptsInTheDocumentedFormIsMatched() {
        RandomSchemas schemas = new RandomSchemas(99);
        Random settings = new Random(99);
        for (int i = 0; i < 400; i++) {
            ObjectNode schema = schemas.next();
            JsonLimits limits = JsonLimits.defaults().withMaxStringChars(20 + settings.nextInt(20))
                    .withMaxArrayItems(6 + settings.nextInt(4)).withAllowSpaces(settings.nextBoolean());
            JsonGrammar grammar = JsonGrammar.fromSchema(schema.toString(), limits);
            RandomDocuments documents = new RandomDocuments(i, schema, limits);
            for (int k = 0; k < 5; k++) {
                String document = documents.next();
                String context = "schema #" + i + " " + schema + ", limits " + limits;
                ConstrainedDecoding.assertValid(schema.toString(), document, context);
                assertThat(grammar.matches(document)).as("grammar matches %s (%s)", document, context).isTrue();
            }
        }
    }
}
