package io.bucketbrigade.promote;

import io.bucketbrigade.idempotency.DatasetLock;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Takes the dataset's promote lock ({@code promote:<dataset>} in the dataset locks, a lease) for the rest of the
 * exchange: one instance publishes a dataset at a time, and the lock is released when the exchange is done,
 * published, retracted or failed. Camel plumbing: the body is the {@link DatasetRequest}, left as it is.
 */
@Component("promoteLock")
class PromoteLock implements Processor {

    private final DatasetLock locks;

    PromoteLock(DatasetLock locks) {
        this.locks = locks;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        DatasetLock.Held lock = locks.take("promote",
                exchange.getMessage().getMandatoryBody(DatasetRequest.class).datasetId());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                lock.close();
            }
        });
    }
}
