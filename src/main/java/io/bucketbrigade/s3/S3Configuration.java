package io.bucketbrigade.s3;

import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

@Configuration(proxyBeanMethods = false)
class S3Configuration {

    /**
     * @param singleCopyLimit largest object copied with one CopyObject (S3 allows 5 GiB)
     * @param copyPartSize    part size of a multipart server-side copy
     */
    @Bean
    ObjectCopier objectCopier(S3Client s3, CopyChecksums copyChecksums,
            @Value("${brigade.s3.single-copy-limit:5GB}") DataSize singleCopyLimit,
            @Value("${brigade.s3.copy-part-size:512MB}") DataSize copyPartSize) {
        return new ObjectCopier(s3, singleCopyLimit.toBytes(), copyPartSize.toBytes(), copyChecksums);
    }

    /** Whether copies can be verified by their stored checksum (auto: probed once, in the source bucket). */
    @Bean
    CopyChecksums copyChecksums(S3Client s3, BrigadeProperties names,
            @Value("${brigade.s3.copy-checksums:auto}") String setting) {
        return new CopyChecksums(s3, setting, names.buckets().get("source"));
    }
}
