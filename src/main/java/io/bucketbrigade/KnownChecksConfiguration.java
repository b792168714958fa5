package io.bucketbrigade;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.bucketbrigade.enrich.checks.DatasetCheck;
import io.bucketbrigade.ingest.content.ContentChecks;
import io.bucketbrigade.profiles.KnownChecks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks profiles may name: content checks (ingest) and dataset checks (enrich). Wired here, above the features,
 * so that neither config nor profiles reaches up into them.
 */
@Configuration(proxyBeanMethods = false)
class KnownChecksConfiguration {

    @Bean
    KnownChecks knownChecks(ContentChecks content, List<DatasetCheck> datasetChecks) {
        Set<String> datasetCheckNames = datasetChecks.stream().map(DatasetCheck::name).collect(Collectors.toSet());
        return new KnownChecks() {
            @Override
            public Map<String, Set<String>> variablesByCheck() {
                return content.variablesByCheck();
            }

            @Override
            public Set<String> datasetChecks() {
                return datasetCheckNames;
            }
        };
    }
}
