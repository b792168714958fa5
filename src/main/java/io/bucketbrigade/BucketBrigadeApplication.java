package io.bucketbrigade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Bucket Brigade: moves research data through the original, source, processed and production tiers. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BucketBrigadeApplication {

    public static void main(String[] args) {
        SpringApplication.run(BucketBrigadeApplication.class, args);
    }
}
