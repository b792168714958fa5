package io.bucketbrigade.records;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** For tests of other packages: records as they are read from stored items (the server never hands items out). */
public final class StoredItems {

    private StoredItems() {
    }

    /** The dataset record of an experiment item as DynamoDB stores it. */
    public static DatasetRecord dataset(Map<String, AttributeValue> item) {
        return DatasetRecord.from(item);
    }
}
