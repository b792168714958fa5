package io.bucketbrigade.ops;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

import io.bucketbrigade.history.FileHistory.Folder;
import io.bucketbrigade.history.FileVersion;
import io.bucketbrigade.history.StoredFileHistory;
import io.bucketbrigade.history.StoredFileHistory.NoSuchVersionException;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.routefiles.RouteFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The history of route files and profile files: every version the servers met (loaded, rejected, removed), its
 * content, a diff between two versions, and a rollback that writes an earlier version back as an edit.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "file history", description = "Versions of route files and profile files, diffs and rollbacks")
class FileHistoryController {

    /** The folders' names in the API. */
    private static final String FOLDERS = "{folder:route-files|profile-files}";

    private final StoredFileHistory history;
    private final RouteFiles routeFiles;
    private final ProfileCatalog profiles;

    FileHistoryController(StoredFileHistory history, RouteFiles routeFiles, ProfileCatalog profiles) {
        this.history = history;
        this.routeFiles = routeFiles;
        this.profiles = profiles;
    }

    @GetMapping("/" + FOLDERS + "/{file}/history")
    @Operation(summary = "Every version of a route file (route-files) or profile file (profile-files) the servers"
            + " met, newest first: loaded, rejected or removed")
    List<FileVersion> history(@PathVariable String folder, @PathVariable String file) {
        List<FileVersion> versions = history.versions(folder(folder), file);
        if (versions.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No history of " + file);
        }
        return versions;
    }

    @GetMapping(value = "/" + FOLDERS + "/{file}/history/{version}", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The content of one version of the file (its SHA-256, or 6 or more first characters)")
    String version(@PathVariable String folder, @PathVariable String file, @PathVariable String version) {
        return answer(() -> history.version(folder(folder), file, version).content());
    }

    @GetMapping(value = "/" + FOLDERS + "/{file}/diff", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "A unified diff between two versions of the file")
    String diff(@PathVariable String folder, @PathVariable String file, @RequestParam String from,
            @RequestParam String to) {
        return answer(() -> history.diff(folder(folder), file, from, to));
    }

    @PostMapping("/" + FOLDERS + "/{file}/rollback")
    @Operation(summary = "Write an earlier version of the file back; it is loaded as any edit (or refused): the"
            + " answer is the file's state after")
    Object rollback(@PathVariable String folder, @PathVariable String file, @RequestParam String version) {
        Folder kind = folder(folder);
        String content = answer(() -> history.version(kind, file, version).content());
        return answer(() -> kind == Folder.ROUTES ? routeFiles.restore(file, content)
                : profiles.restore(file, content));
    }

    private static Folder folder(String name) {
        return name.equals("route-files") ? Folder.ROUTES : Folder.PROFILES;
    }

    private static <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchVersionException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage()
                    + " (a folder mounted read-only, as a ConfigMap, is rolled back where it is kept)");
        }
    }
}
