package io.bucketbrigade.records;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Plain values (maps, lists, strings, numbers, booleans, null) as DynamoDB attribute values. */
public final class Attributes {

    private Attributes() {
    }

    public static AttributeValue of(Object value) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), of(v)));
            return AttributeValue.fromM(m);
        }
        if (value instanceof Collection<?> list) {
            return AttributeValue.fromL(list.stream().map(Attributes::of).toList());
        }
        if (value instanceof Number number) {
            return AttributeValue.fromN(number.toString());
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        return AttributeValue.fromS(value.toString());
    }
}
