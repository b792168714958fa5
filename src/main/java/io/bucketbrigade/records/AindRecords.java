package io.bucketbrigade.records;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;

/**
 * The AIND data asset record ({@code metadata.nd.json}) of an asset document, as AIND's indexer writes it: the
 * whole record, every field it has and no other (no field added for a missing key, a null kept null), {@code _id}
 * included. Values a JSON file cannot hold as they are become text: a BSON date its ISO-8601 instant, an ObjectId
 * its hex form, anything else its string (the indexer's {@code json.dumps(..., default=str)}). The enrich hop and
 * the DocumentDB → S3 sync write it with the same bytes ({@link CanonicalJson}).
 */
public final class AindRecords {

    private AindRecords() {
    }

    public static Map<String, Object> of(Map<String, Object> asset) {
        Map<String, Object> record = new LinkedHashMap<>();
        asset.forEach((field, value) -> record.put(field, json(value)));
        return record;
    }

    private static Object json(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(json(item)));
            return copy;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        return value.toString();
    }
}
