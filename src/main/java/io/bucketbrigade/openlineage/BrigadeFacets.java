package io.bucketbrigade.openlineage;

import java.net.URI;

import io.openlineage.client.OpenLineage;

/**
 * The server's own OpenLineage facets. Each names its JSON Schema in {@code _schemaURL}; the schemas are in the
 * jar under {@code openlineage/facets/} (docs/lineage.md).
 */
final class BrigadeFacets {

    /** Where the facets' schemas are published; the same path under {@code openlineage/facets/} in the jar. */
    static final String SCHEMA_BASE = "https://bucketbrigade.io/spec/facets/1-0-0/";

    private BrigadeFacets() {
    }

    /** {@code bucketbrigade_checksum}: an object's (or a version's) SHA-256 and size. */
    static final class Checksum extends OpenLineage.DefaultDatasetFacet {

        static final String NAME = "bucketbrigade_checksum";
        private final String sha256;
        private final Long size;

        Checksum(URI producer, String sha256, Long size) {
            super(producer, null);
            this.sha256 = sha256;
            this.size = size;
        }

        @Override
        public URI get_schemaURL() {
            return URI.create(SCHEMA_BASE + "ChecksumDatasetFacet.json#/$defs/ChecksumDatasetFacet");
        }

        public String getSha256() {
            return sha256;
        }

        public Long getSize() {
            return size;
        }
    }

    /** {@code bucketbrigade_routeFile}: the route file that defines the job, in the version that ran. */
    static final class RouteFile extends OpenLineage.DefaultJobFacet {

        static final String NAME = "bucketbrigade_routeFile";
        private final String file;
        private final String version;

        RouteFile(URI producer, String file, String version) {
            super(producer, null);
            this.file = file;
            this.version = version;
        }

        @Override
        public URI get_schemaURL() {
            return URI.create(SCHEMA_BASE + "RouteFileJobFacet.json#/$defs/RouteFileJobFacet");
        }

        public String getFile() {
            return file;
        }

        public String getVersion() {
            return version;
        }
    }
}
