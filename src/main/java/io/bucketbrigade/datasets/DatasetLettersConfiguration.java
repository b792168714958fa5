package io.bucketbrigade.datasets;

import io.bucketbrigade.queues.LetterWork;
import io.bucketbrigade.records.DatasetRecords;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead-letter explanations of the two queues whose messages name a dataset. */
@Configuration(proxyBeanMethods = false)
class DatasetLettersConfiguration {

    @Bean
    LetterWork datasetCheckLetters(DatasetRecords datasets) {
        return DatasetLetters.checks(datasets);
    }

    @Bean
    LetterWork promoteLetters(DatasetRecords datasets) {
        return DatasetLetters.promotions(datasets);
    }
}
