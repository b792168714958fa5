package io.bucketbrigade.profiles;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dataset profiles in use and their files. */
@RestController
@RequestMapping("/api")
@Tag(name = "profiles", description = "Dataset profiles")
class ProfilesController {

    private final ProfileCatalog catalog;

    ProfilesController(ProfileCatalog catalog) {
        this.catalog = catalog;
    }

    record ProfileView(String name, int order, String description, String key, List<FileView> files) {}

    record FileView(String role, String match, boolean required, boolean gzip, List<String> checks, String target) {}

    record ProfilesView(List<ProfileView> profiles, List<ProfileCatalog.FileStatus> files) {}

    @GetMapping("/profiles")
    @Operation(summary = "Profiles in the order they are tried, and the state of each profile file")
    ProfilesView profiles() {
        return new ProfilesView(catalog.profiles().stream().map(p -> new ProfileView(p.name(), p.order(),
                p.description(), p.keyPattern(), p.files().stream().map(f -> new FileView(f.role(),
                        f.match().pattern(), f.required(), f.gzip(), f.checks(), f.target().toString())).toList()))
                .toList(), catalog.statuses());
    }
}
