package io.bucketbrigade.records;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

/**
 * The AIND data asset record ({@code metadata.nd.json}) of an asset document: the fields AIND's indexer keeps in
 * S3, taken from the catalogue. The enrich hop and the DocumentDB → S3 sync write it with the same bytes.
 */
public final class AindRecords {

    private AindRecords() {
    }

    public static Map<String, Object> of(Document asset) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_id", asset.get("_id"));
        record.put("name", asset.getString("name"));
        record.put("location", asset.getString("location"));
        record.put("created", iso(asset.get("created")));
        record.put("last_modified", iso(asset.get("last_modified")));
        record.put("metadata_status", asset.getString("metadata_status"));
        record.put("external_links", asset.get("external_links") == null ? Map.of() : asset.get("external_links"));
        record.put("schema_version", asset.get("schema_version"));
        for (String field : Catalogue.CORE_FIELDS) {
            record.put(field, asset.get(field));
        }
        return record;
    }

    private static Object iso(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : value;
    }
}
