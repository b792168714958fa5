package io.bucketbrigade.openlineage;

import java.net.URI;
import java.time.ZoneOffset;

import io.bucketbrigade.records.RouteOrigins;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;

/**
 * A hop's {@link LineageRun} as an OpenLineage run event, built by the official client: job namespace
 * {@code bucket-brigade}, job name the route id with the route file and its version, datasets named as OpenLineage
 * names S3, each with its SHA-256 and size ({@code bucketbrigade_checksum}).
 */
class RunEvents {

    static final String JOB_NAMESPACE = "bucket-brigade";

    private final OpenLineage openLineage;
    private final URI producer;
    private final RouteOrigins routes;

    RunEvents(URI producer, RouteOrigins routes) {
        this.openLineage = new OpenLineage(producer);
        this.producer = producer;
        this.routes = routes;
    }

    OpenLineage.RunEvent of(LineageRun run) {
        OpenLineage.RunFacetsBuilder runFacets = openLineage.newRunFacetsBuilder();
        if (run.failure() != null) {
            runFacets.errorMessage(openLineage.newErrorMessageRunFacet(run.failure(), "Java", null));
        }
        OpenLineage.JobFacetsBuilder jobFacets = openLineage.newJobFacetsBuilder()
                .jobType(openLineage.newJobTypeJobFacet("STREAMING", "BUCKET_BRIGADE", "ROUTE"));
        routes.fileOfRoute(run.job()).ifPresent(file -> jobFacets.put(BrigadeFacets.RouteFile.NAME,
                new BrigadeFacets.RouteFile(producer, file, routes.versionOfRoute(run.job()).orElse(null))));
        return openLineage.newRunEventBuilder()
                .eventType(EventType.valueOf(run.state().name()))
                .eventTime(run.at().atZone(ZoneOffset.UTC))
                .run(openLineage.newRun(run.runId(), runFacets.build()))
                .job(openLineage.newJobBuilder().namespace(JOB_NAMESPACE).name(run.job()).facets(jobFacets.build())
                        .build())
                .inputs(run.inputs().stream().map(this::input).toList())
                .outputs(run.outputs().stream().map(this::output).toList())
                .build();
    }

    private OpenLineage.InputDataset input(S3Dataset dataset) {
        return openLineage.newInputDatasetBuilder().namespace(dataset.namespace()).name(dataset.name())
                .facets(facets(dataset)).build();
    }

    private OpenLineage.OutputDataset output(S3Dataset dataset) {
        return openLineage.newOutputDatasetBuilder().namespace(dataset.namespace()).name(dataset.name())
                .facets(facets(dataset)).build();
    }

    private OpenLineage.DatasetFacets facets(S3Dataset dataset) {
        OpenLineage.DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
        if (dataset.sha256() != null || dataset.size() != null) {
            facets.put(BrigadeFacets.Checksum.NAME,
                    new BrigadeFacets.Checksum(producer, dataset.sha256(), dataset.size()));
        }
        return facets.build();
    }
}
