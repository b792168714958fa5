package io.bucketbrigade.records;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Plain values (maps, lists, strings, numbers, booleans, null) as DynamoDB attribute values. */
public final class Attributes {

    private Attributes() {
    }

    /** The plain value of an attribute (maps, lists, strings, numbers as long or double, booleans, null). */
    public static Object plain(AttributeValue value) {
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n().matches("-?\\d+") ? (Object) Long.parseLong(value.n()) : Double.parseDouble(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.hasM()) {
            Map<String, Object> map = new java.util.TreeMap<>();
            value.m().forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (value.hasL()) {
            return value.l().stream().map(Attributes::plain).toList();
        }
        if (value.hasSs()) {
            return value.ss();
        }
        return null;
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
