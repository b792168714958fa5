package io.bucketbrigade.enrich;

import java.util.List;
import java.util.Map;

import io.bucketbrigade.enrich.extract.Facts;
import org.bson.Document;

/** Facts as catalogue documents. */
final class FactsDocuments {

    /** Documents kept whole in the catalogue (core metadata, deposition configs); larger ones stay only in S3. */
    static final int KEEP_DOCUMENT_BYTES = 64 * 1024;

    private FactsDocuments() {
    }

    static Document facts(Facts facts) {
        Document document = new Document();
        facts.values().forEach((name, value) -> {
            if (!name.equals("document") || String.valueOf(value).length() <= KEEP_DOCUMENT_BYTES) {
                document.append(name, value);
            }
        });
        return document;
    }

    static List<Document> problems(Facts facts) {
        return facts.problems().stream()
                .map(p -> new Document("rule", p.rule()).append("message", p.message())).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
