package io.bucketbrigade.console;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * A file's lineage laid out for a picture: one column per tier, from the upload in original to production, and one
 * box per step in the column of the object it wrote (or, for a step that wrote nothing, the object it read), joined
 * in the order the steps happened.
 */
@Component
class LineagePictures {

    static final List<String> TIERS = List.of("original", "source", "processed", "production");
    static final int COLUMN = 250;
    static final int ROW = 78;
    static final int BOX_WIDTH = 220;
    static final int BOX_HEIGHT = 62;

    /** One step's box: where it is drawn, and what it says. */
    record Box(String step, String tier, String bucket, String key, String sha256, Date time, String routeId,
            String routeVersion, int x, int y) {

        /** The first 12 hex digits of the SHA-256, enough to compare by eye. */
        public String shortSha256() {
            return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
        }

        /** The key's last part, which fits in a box (the whole key is in the box's title). */
        public String name() {
            return key == null ? "" : key.substring(key.lastIndexOf('/') + 1);
        }
    }

    /** An arrow from one box to the next. */
    record Arrow(int x1, int y1, int x2, int y2) {}

    /** The picture: tiers' columns, boxes, arrows, and its size. */
    record Picture(List<String> tiers, List<Box> boxes, List<Arrow> arrows, int width, int height) {}

    private final Map<String, String> tierOfBucket = new LinkedHashMap<>();

    LineagePictures(BrigadeProperties names) {
        names.buckets().forEach((tier, bucket) -> tierOfBucket.put(bucket, tier));
    }

    Picture of(List<Document> chain) {
        List<Box> boxes = new ArrayList<>();
        int[] rows = new int[TIERS.size()];
        for (Document event : chain) {
            Document target = event.get("target", Document.class);
            String bucket = target != null ? target.getString("bucket") : event.getString("bucket");
            String key = target != null ? target.getString("key") : event.getString("key");
            String tier = tierOfBucket.getOrDefault(bucket, "original");
            int column = TIERS.indexOf(tier);
            String sha256 = target != null && target.getString("sha256") != null ? target.getString("sha256")
                    : event.getString("sha256");
            boxes.add(new Box(event.getString("step"), tier, bucket, key, sha256, event.getDate("time"),
                    event.getString("routeId"), event.getString("routeVersion"), 10 + column * COLUMN,
                    40 + rows[column]++ * ROW));
        }
        List<Arrow> arrows = new ArrayList<>();
        for (int i = 1; i < boxes.size(); i++) {
            Box from = boxes.get(i - 1);
            Box to = boxes.get(i);
            if (from.x() == to.x()) {
                arrows.add(new Arrow(from.x() + BOX_WIDTH / 2, from.y() + BOX_HEIGHT, to.x() + BOX_WIDTH / 2,
                        to.y()));
            } else {
                arrows.add(new Arrow(from.x() + BOX_WIDTH, from.y() + BOX_HEIGHT / 2, to.x(),
                        to.y() + BOX_HEIGHT / 2));
            }
        }
        int height = 40 + Math.max(1, java.util.Arrays.stream(rows).max().orElse(1)) * ROW;
        return new Picture(TIERS, boxes, arrows, 20 + TIERS.size() * COLUMN, height);
    }
}
