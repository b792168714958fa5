package io.bucketbrigade.reconcile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.records.CanonicalJson;
import org.bson.Document;

/**
 * What a root core schema file holds for the catalogue, read as AIND's indexer reads it ({@code json.loads}): any
 * JSON value but {@code null} goes into the record's field as it is (an object, and also an array, a string, a
 * number or a boolean); a file that is not JSON, or is JSON {@code null}, gives nothing to read (the indexer deletes
 * such a root file once its copy is made); a value DocumentDB cannot store is refused by a named rule.
 */
sealed interface RootFile {

    /** A value to set in the record's field: Documents, Lists, Strings, Integers, Longs, Doubles, Booleans. */
    record Value(Object value) implements RootFile {
    }

    /** Not JSON (nor UTF-8), or JSON {@code null}. */
    record Nothing(String why) implements RootFile {
    }

    /** JSON the catalogue cannot store: the rule it breaks and where. */
    record Unstorable(String rule, String message) implements RootFile {
    }

    String KEY_RULE = "key-not-storable";
    String INTEGER_RULE = "integer-out-of-range";

    static RootFile of(byte[] bytes) {
        var parsed = CanonicalJson.parse(bytes);
        if (parsed.isEmpty()) {
            return new Nothing("not JSON");
        }
        if (parsed.get().isNull()) {
            return new Nothing("JSON null");
        }
        try {
            return new Value(value(parsed.get(), "$"));
        } catch (Refused e) {
            return new Unstorable(e.rule, e.getMessage());
        }
    }

    private static Object value(JsonNode node, String path) {
        if (node.isObject()) {
            Document document = new Document();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (key.contains(".") || key.startsWith("$") || key.indexOf('\0') >= 0) {
                    throw new Refused(KEY_RULE, "key '" + key + "' at " + path + " has a '.', a leading '$' or a NUL,"
                            + " which a DocumentDB field name cannot have");
                }
                document.put(key, value(field.getValue(), path + "." + key));
            }
            return document;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(value(node.get(i), path + "[" + i + "]"));
            }
            return list;
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            throw new Refused(INTEGER_RULE, "integer " + node.bigIntegerValue() + " at " + path
                    + " needs more than 64 bits, which DocumentDB cannot store");
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }

    final class Refused extends RuntimeException {
        private final String rule;

        Refused(String rule, String message) {
            super(message, null, false, false);
            this.rule = rule;
        }
    }
}
