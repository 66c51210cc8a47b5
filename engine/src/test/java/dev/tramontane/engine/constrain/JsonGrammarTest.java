package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Character-level behaviour of each supported schema feature: valid documents and prefixes pass, invalid ones stop at the first wrong byte. */
class JsonGrammarTest {

    private static JsonGrammar schema(String json) {
        return JsonGrammar.fromSchema(json.replace('\'', '"'));
    }

    @Test
    void objectsWritePropertiesInSchemaOrderAndRequireTheRequiredOnes() {
        JsonGrammar g = schema("{'type':'object','properties':{'a':{'type':'integer'},'b':{'type':'string'},'c':{'type':'boolean'}},"
                + "'required':['a','c'],'additionalProperties':false}");
        assertThat(g.matches("{\"a\":1,\"b\":\"x\",\"c\":true}")).isTrue();
        assertThat(g.matches("{\"a\":1,\"c\":false}")).isTrue();
        assertThat(g.matches("{\"a\": 1, \"c\": false}")).isTrue();
        assertThat(g.matchesPrefix("{\"a\":1,\"c\"")).isTrue();
        assertThat(g.matches("{\"a\":1}")).isFalse();
        assertThat(g.matchesPrefix("{\"a\":1}")).isFalse();
        assertThat(g.matchesPrefix("{\"c\"")).isFalse();
        assertThat(g.matchesPrefix("{\"a\":1,\"d\"")).isFalse();
        assertThat(g.matchesPrefix("{\"b\"")).isFalse(); // a is required and comes first
        assertThat(g.matchesPrefix("{ \"a\"")).isFalse(); // no space after {
        assertThat(g.matchesPrefix("{\"a\":  1")).isFalse(); // at most one space
        assertThat(g.matchesPrefix("{\"a\":1,\"a\"")).isFalse(); // no repeated key
    }

    @Test
    void optionalPropertiesMayBeSkippedAndAnEmptyObjectClosesAtOnce() {
        JsonGrammar g = schema("{'type':'object','properties':{'x':{'type':'null'},'y':{'type':'number'}},'additionalProperties':false}");
        assertThat(g.matches("{}")).isTrue();
        assertThat(g.matches("{\"y\":-0.5e+3}")).isTrue();
        assertThat(g.matches("{\"x\":null,\"y\":2}")).isTrue();
        assertThat(g.matchesPrefix("{\"y\":1,\"x\"")).isFalse();
        assertThat(g.matchesPrefix("{\"x\":null,}")).isFalse();
    }

    @Test
    void keysAreMatchedAsWholeQuotedLiteralsEvenWhenOneIsAPrefixOfAnother() {
        JsonGrammar g = schema("{'properties':{'ab':{'type':'integer'},'a':{'type':'integer'},'clé \\\"x\\\"':{'type':'integer'}},'additionalProperties':false}");
        assertThat(g.matches("{\"a\":1}")).isTrue();
        assertThat(g.matches("{\"ab\":1,\"a\":2}")).isTrue();
        assertThat(g.matches("{\"clé \\\"x\\\"\":3}")).isTrue();
        assertThat(g.matchesPrefix("{\"abc")).isFalse();
    }

    @Test
    void stringsAcceptUnicodeAndEscapesButNoRawControlCharacters() {
        JsonGrammar g = schema("{'type':'string'}");
        assertThat(g.matches("\"héllo 日本 🦙\"")).isTrue();
        assertThat(g.matches("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\"")).isTrue();
        assertThat(g.matchesPrefix("\"a\nb")).isFalse();
        assertThat(g.matchesPrefix("\"\\x")).isFalse();
        assertThat(g.matchesPrefix("\"\\u00g")).isFalse();
        assertThat(g.matchesPrefix("\"\\ud800")).isFalse(); // a lone surrogate escape
        assertThat(g.matches("\"abc")).isFalse();
        assertThat(g.matchesPrefix("\"abc\" ")).isFalse(); // nothing after the document
    }

    @Test
    void stringBytesMustBeWellFormedUtf8() {
        JsonGrammar g = schema("{'type':'string'}");
        assertThat(bytes(g, 0x22, 0xC3, 0xA9, 0x22)).isTrue(); // é
        assertThat(bytes(g, 0x22, 0xC3)).isTrue(); // half of é is a valid prefix
        assertThat(bytes(g, 0x22, 0xC3, 0x22)).isFalse(); // the character broken off
        assertThat(bytes(g, 0x22, 0xC0, 0x80)).isFalse(); // overlong
        assertThat(bytes(g, 0x22, 0xED, 0xA0, 0x80)).isFalse(); // encoded surrogate
        assertThat(bytes(g, 0x22, 0xF4, 0x90)).isFalse(); // above U+10FFFF
        assertThat(bytes(g, 0x22, 0x80)).isFalse(); // stray continuation byte
    }

    @Test
    void stringLengthsCountCharactersNotBytes() {
        JsonGrammar g = schema("{'type':'string','minLength':2,'maxLength':3}");
        assertThat(g.matches("\"ab\"")).isTrue();
        assertThat(g.matches("\"日本語\"")).isTrue();
        assertThat(g.matches("\"\\n\\t\\u0041\"")).isTrue();
        assertThat(g.matches("\"a\"")).isFalse();
        assertThat(g.matchesPrefix("\"abcd")).isFalse();
    }

    @Test
    void enumsAndConstsMatchTheirValuesExactly() {
        JsonGrammar colours = schema("{'enum':['red','green',1,12,null,{'k':[true]}]}");
        assertThat(colours.matches("\"red\"")).isTrue();
        assertThat(colours.matches("1")).isTrue();
        assertThat(colours.matches("12")).isTrue();
        assertThat(colours.matches("null")).isTrue();
        assertThat(colours.matches("{\"k\":[true]}")).isTrue();
        assertThat(colours.matchesPrefix("\"re\"")).isFalse();
        assertThat(colours.matchesPrefix("13")).isFalse();
        JsonGrammar c = schema("{'const':'only'}");
        assertThat(c.matches("\"only\"")).isTrue();
        assertThat(c.matchesPrefix("\"onl\"")).isFalse();
        JsonGrammar typed = schema("{'type':'string','enum':['a',1]}");
        assertThat(typed.matches("1")).isFalse();
        assertThat(typed.matches("\"a\"")).isTrue();
    }

    @Test
    void numbersFollowJsonSyntaxAndIntegersHaveNoFractionOrExponent() {
        JsonGrammar n = schema("{'type':'number'}");
        for (String ok : new String[] {"0", "-0", "12", "3.25", "-1e5", "2E-3", "0.5e+10"}) {
            assertThat(n.matches(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"01", "+1", ".5", "1.", "1e", "--1", "1.2.3"}) {
            assertThat(n.matches(bad)).as(bad).isFalse();
        }
        JsonGrammar i = schema("{'type':'integer'}");
        assertThat(i.matches("-42")).isTrue();
        assertThat(i.matchesPrefix("4.")).isFalse();
        assertThat(i.matchesPrefix("4e")).isFalse();
        assertThat(i.matchesPrefix("1234567890123456")).isFalse(); // 16 digits: above the default limit of 15
    }

    @Test
    void booleansAndNullAreTheirLiterals() {
        assertThat(schema("{'type':'boolean'}").matches("false")).isTrue();
        assertThat(schema("{'type':'boolean'}").matchesPrefix("nu")).isFalse();
        assertThat(schema("{'type':'null'}").matches("null")).isTrue();
        assertThat(schema("{'type':'null'}").matchesPrefix("nil")).isFalse();
    }

    @Test
    void arraysRespectItemsAndTheirCountBounds() {
        JsonGrammar g = schema("{'type':'array','items':{'type':'integer'},'minItems':1,'maxItems':3}");
        assertThat(g.matches("[1]")).isTrue();
        assertThat(g.matches("[1, 2,3]")).isTrue();
        assertThat(g.matchesPrefix("[]")).isFalse();
        assertThat(g.matchesPrefix("[1,2,3,")).isFalse();
        assertThat(g.matchesPrefix("[\"a\"")).isFalse();
        assertThat(g.matchesPrefix("[1,]")).isFalse();
        assertThat(g.matchesPrefix("[ 1")).isFalse();
    }

    @Test
    void anyOfAndTypeListsAcceptEachAlternativeEvenWithSharedPrefixes() {
        JsonGrammar g = schema("{'anyOf':[{'type':'object','properties':{'kind':{'const':'circle'},'r':{'type':'number'}},'required':['kind','r'],'additionalProperties':false},"
                + "{'type':'object','properties':{'kind':{'const':'square'},'side':{'type':'number'}},'required':['kind','side'],'additionalProperties':false}]}");
        assertThat(g.matches("{\"kind\":\"circle\",\"r\":1}")).isTrue();
        assertThat(g.matches("{\"kind\":\"square\",\"side\":2}")).isTrue();
        assertThat(g.matchesPrefix("{\"kind\":\"circle\",\"side\"")).isFalse();
        JsonGrammar nullable = schema("{'type':['string','null']}");
        assertThat(nullable.matches("null")).isTrue();
        assertThat(nullable.matches("\"x\"")).isTrue();
        assertThat(nullable.matchesPrefix("1")).isFalse();
    }

    @Test
    void refsIntoDefsMayRecurse() {
        JsonGrammar tree = schema("{'$ref':'#/$defs/node','$defs':{'node':{'type':'object','properties':{'v':{'type':'integer'},"
                + "'children':{'type':'array','items':{'$ref':'#/$defs/node'}}},'required':['v'],'additionalProperties':false}}}");
        assertThat(tree.matches("{\"v\":1,\"children\":[{\"v\":2},{\"v\":3,\"children\":[]}]}")).isTrue();
        assertThat(tree.matchesPrefix("{\"v\":1,\"children\":[{\"w\"")).isFalse();
        assertThat(tree.minBytes()).isEqualTo("{\"v\":0}".length());
    }

    @Test
    void anyJsonAcceptsEveryKindOfValueAndNothingMalformed() {
        JsonGrammar any = JsonGrammar.anyJson(JsonLimits.defaults());
        assertThat(any.matches("{\"a\": [1, -2.5, \"x\", true, null, {}], \"b\":{\"c\":[]}}")).isTrue();
        assertThat(any.matches("\"s\"")).isTrue();
        assertThat(any.matches("7")).isTrue();
        assertThat(any.matchesPrefix("{a")).isFalse();
        assertThat(any.matchesPrefix("[1 2")).isFalse();
        assertThat(any.matchesPrefix("{\"a\"}")).isFalse();
        assertThat(schema("{}").matches("[[[]]]")).isTrue();
        assertThat(schema("{'type':'object','additionalProperties':{'type':'integer'}}").matches("{\"x\":1,\"y\":2}")).isTrue();
        assertThat(schema("{'type':'object','additionalProperties':{'type':'integer'}}").matchesPrefix("{\"x\":\"")).isFalse();
    }

    @Test
    void spacesAreOptionalAndCanBeSwitchedOff() {
        JsonGrammar spaced = JsonGrammar.fromSchema("{\"type\":\"array\"}");
        assertThat(spaced.matches(" [1, 2]")).isTrue();
        assertThat(spaced.matchesPrefix("  [")).isFalse();
        assertThat(spaced.matchesPrefix("[1 ,")).isFalse();
        JsonGrammar compact = JsonGrammar.fromSchema("{\"type\":\"array\"}", JsonLimits.defaults().withAllowSpaces(false));
        assertThat(compact.matches("[1,2]")).isTrue();
        assertThat(compact.matchesPrefix("[1, ")).isFalse();
        assertThat(compact.matchesPrefix(" ")).isFalse();
    }

    @Test
    void limitsBoundStringsAndArraysEvenWithoutSchemaBounds() {
        JsonLimits small = JsonLimits.defaults().withMaxStringChars(3).withMaxArrayItems(2);
        assertThat(JsonGrammar.fromSchema("{\"type\":\"string\"}", small).matchesPrefix("\"abcd")).isFalse();
        assertThat(JsonGrammar.fromSchema("{\"type\":\"array\"}", small).matchesPrefix("[1,2,")).isFalse();
        assertThat(JsonGrammar.anyJson(small).matchesPrefix("{\"a\":1,\"b\":2,")).isFalse();
    }

    @Test
    void unsupportedKeywordsAndImpossibleSchemasAreRefusedWithTheReason() {
        assertThatThrownBy(() -> schema("{'type':'string','pattern':'^a'}"))
                .isInstanceOf(UnsupportedSchemaException.class).hasMessageContaining("\"pattern\"").hasMessageContaining("#");
        assertThatThrownBy(() -> schema("{'properties':{'x':{'oneOf':[{'type':'string'}]}}}"))
                .hasMessageContaining("#/properties/x").hasMessageContaining("oneOf");
        assertThatThrownBy(() -> schema("{'type':'array','minItems':3,'maxItems':2}")).hasMessageContaining("no finite JSON document");
        assertThatThrownBy(() -> schema("{'$ref':'#/$defs/missing'}")).hasMessageContaining("points to nothing");
        assertThatThrownBy(() -> schema("{'$ref':'#/$defs/a','$defs':{'a':{'type':'object','properties':{'a':{'$ref':'#/$defs/a'}},'required':['a']}}}"))
                .hasMessageContaining("no finite JSON document");
        assertThatThrownBy(() -> schema("{'type':'strin'}")).hasMessageContaining("\"strin\"");
        assertThatThrownBy(() -> schema("{'type':'object','required':['x'],'additionalProperties':false}")).hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> JsonGrammar.fromSchema("{not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void descriptionsTitlesAndFormatsAreIgnoredAsAnnotations() {
        JsonGrammar g = schema("{'title':'T','description':'d','type':'string','format':'date-time','$schema':'https://json-schema.org/draft/2020-12/schema'}");
        assertThat(g.matches("\"anything\"")).isTrue();
    }

    private static boolean bytes(JsonGrammar g, int... bytes) {
        Frame s = g.start();
        for (int b : bytes) {
            s = s.step(b);
            if (s == null) {
                return false;
            }
        }
        return true;
    }
}
