package io.bucketbrigade.promote;

/** A request about one dataset that the promote hop's routes take its lock for (publish, retract). */
public interface DatasetRequest {

    String datasetId();
}
