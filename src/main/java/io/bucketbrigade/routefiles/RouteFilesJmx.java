package io.bucketbrigade.routefiles;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** The route files over JMX: {@code io.bucketbrigade:type=RouteFiles}. */
@Component
@ManagedResource(objectName = "io.bucketbrigade:type=RouteFiles", description = "Route files in the routes folder")
public class RouteFilesJmx {

    private final RouteFiles routeFiles;

    public RouteFilesJmx(RouteFiles routeFiles) {
        this.routeFiles = routeFiles;
    }

    @ManagedAttribute(description = "Number of route files whose last edit was rejected")
    public int getFailedCount() {
        return routeFiles.failedCount();
    }

    @ManagedAttribute(description = "Route files whose last edit was rejected, each as 'file: error'")
    public String[] getFailedFiles() {
        return routeFiles.statuses().stream()
                .filter(RouteFileStatus::failed)
                .map(status -> status.file() + ": " + status.error())
                .toArray(String[]::new);
    }

    @ManagedAttribute(description = "Every route file as 'file state version routes', or 'templates [...]' for a"
            + " file of route templates")
    public String[] getFiles() {
        return routeFiles.statuses().stream()
                .map(s -> s.file() + " " + s.state() + " " + s.version() + " "
                        + (s.templateIds().isEmpty() ? s.routeIds() : "templates " + s.templateIds()))
                .toArray(String[]::new);
    }

    @ManagedOperation(description = "Load the folder's changes now instead of at the next poll")
    public void scan() {
        routeFiles.scan();
    }

    @ManagedOperation(description = "Load one route file again; returns its state")
    @ManagedOperationParameter(name = "file", description = "file name in the routes folder")
    public String reload(String file) {
        RouteFileStatus status = routeFiles.reload(file);
        return status.failed() ? "FAILED: " + status.error() : status.state() + " " + status.version();
    }
}
