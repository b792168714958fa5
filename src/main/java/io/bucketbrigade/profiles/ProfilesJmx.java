package io.bucketbrigade.profiles;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** The dataset profiles over JMX: {@code io.bucketbrigade:type=Profiles}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=Profiles", description = "Dataset profiles")
public class ProfilesJmx {

    private final ProfileCatalog catalog;

    public ProfilesJmx(ProfileCatalog catalog) {
        this.catalog = catalog;
    }

    @ManagedAttribute(description = "Profiles in the order they are tried")
    public String[] getProfiles() {
        return catalog.profiles().stream().map(p -> p.order() + " " + p.name()).toArray(String[]::new);
    }

    @ManagedAttribute(description = "Number of profile files whose last edit was rejected")
    public int getFailedCount() {
        return catalog.failedCount();
    }

    @ManagedAttribute(description = "Profile files whose last edit was rejected, each as 'file: error'")
    public String[] getFailedFiles() {
        return catalog.statuses().stream().filter(ProfileCatalog.FileStatus::failed)
                .map(s -> s.file() + ": " + s.error()).toArray(String[]::new);
    }

    @ManagedOperation(description = "Load the profile folder's changes now")
    public void scan() {
        catalog.scan();
    }
}
