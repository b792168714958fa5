package io.bucketbrigade.console;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.support.Browser;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The console in a real browser (Debian's Chromium, headless) against a running server with authentication on, an
 * ops user and a viewer: a deposit appears, a refused file shows its rule, an approval from the page publishes the
 * dataset, a viewer cannot approve, and bad input gets a clear message and changes nothing. With
 * {@code -Dconsole.screenshots=docs/console} it keeps the screenshots the README shows.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=console", "brigade.watcher.period=300ms",
        "brigade.promote.auto-approve=false",
        "brigade.ops.authentication=true", "brigade.ops.user=operator", "brigade.ops.password=ops-secret-for-tests",
        "brigade.ops.viewer.user=curator", "brigade.ops.viewer.password=viewer-secret-for-tests"})
class ConsoleBrowserTest {

    static final Duration PROCESSED = Duration.ofSeconds(90);

    @LocalServerPort
    int port;
    @Autowired
    S3Client s3;
    @Autowired
    BrigadeProperties names;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    TestRestTemplate http;

    Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = new Browser("http://127.0.0.1:" + port);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aDepositSyncedWithTheAwsCliAppearsAndARefusedFileShowsItsRule(@TempDir Path folder) {
        String experiment = Fixtures.experimentId();
        browser.logIn("curator", "viewer-secret-for-tests").open("/");
        assertThat(browser.text("#who")).isEqualTo("curator (viewer)");

        Deposits.syncTenx(folder, names.buckets().get("original"), experiment,
                gzip("AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n"));
        String refused = experiment + "/s1/notes for the curator.txt";
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(refused), RequestBody.fromBytes(utf8("x")));

        // the table refreshes itself: no reload by hand
        String row = "tr[data-dataset='" + experiment + "']";
        browser.await(Duration.ofSeconds(30), d -> browser.has(row));
        assertThat(browser.text(row + " td:nth-child(2)")).isEqualTo("tenx");
        browser.await(PROCESSED, d -> browser.find(row + " td:nth-child(5)").getText().equals("production"));
        assertThat(browser.text(row + " td:nth-child(4)")).isEqualTo("PUBLISHED");
        browser.screenshot("datasets");

        browser.open("/problems");
        String rejection = "tr.rejection[data-key='" + refused + "']";
        browser.awaitReloading(Duration.ofSeconds(30), d -> browser.has(rejection));
        assertThat(browser.text(rejection + " .rule")).isEqualTo("unknown-file");
        assertThat(browser.text(rejection)).contains("'s1/notes for the curator.txt' is not one of them");
        browser.screenshot("problems");

        browser.clickToLoad(rejection + " a");
        assertThat(browser.text("#dataset-id")).isEqualTo(experiment);
        assertThat(browser.text("#verdict")).isEqualTo("Valid");
        // the lineage of a file, drawn from its upload in original to production
        for (String tier : List.of("original", "source", "processed", "production")) {
            assertThat(browser.has("#lineage-picture g.box[data-tier='" + tier + "']")).as(tier).isTrue();
        }
        assertThat(browser.find("#lineage-picture g.box[data-tier='original']").getAttribute("data-step"))
                .isEqualTo("received");
        browser.screenshot("dataset");
    }

    @Test
    void anOpsUserApprovesOnTheDatasetPageAndTheDatasetIsPublished() {
        String dataset = depositPlate("source_ops");
        browser.logIn("operator", "ops-secret-for-tests").open("/datasets/" + dataset);
        assertThat(browser.text("#who")).isEqualTo("operator (ops)");
        // every state on the way (no record yet, received, checked) is a page, never a server error
        browser.awaitReloading(PROCESSED, d -> {
            assertThat(d.getTitle()).doesNotStartWith("Error");
            return browser.has("#production-status") && browser.find("#production-status").getText()
                    .equals("AWAITING_APPROVAL");
        });
        browser.screenshot("dataset-awaiting-approval");

        browser.find("#approval-form input[name=reason]").sendKeys("plates look right");
        browser.clickToLoad("#approve");

        assertThat(notice()).isEqualTo("Dataset " + dataset
                + " approved by operator: the promote hop publishes it now.");
        browser.awaitReloading(Duration.ofSeconds(60), d -> browser.find("#production-status").getText()
                .equals("PUBLISHED") && browser.has("#manifest-link"));
        DatasetRecord record = datasets.find(dataset).orElseThrow();
        assertThat(record.approval().by()).isEqualTo("operator");
        assertThat(record.approval().reason()).isEqualTo("plates look right");
        s3.headObject(h -> h.bucket(names.buckets().get("production")).key(Manifest.key(dataset)));

        browser.clickToLoad("#manifest-link");
        assertThat(browser.driver().getPageSource()).contains("\"datasetId\"").contains(dataset);

        // a retraction shows its dry run first, and only the second click retracts
        browser.open("/datasets/" + dataset);
        browser.find("#retraction-open").click();
        browser.find("#retraction-form input[name=reason]").sendKeys("wrong plate map");
        browser.clickToLoad("#retraction-dry-run");
        String plan = browser.await(Duration.ofSeconds(10), d -> browser.has("#retraction-plan")
                ? browser.find("#retraction-plan").getText() : null);
        assertThat(plan).contains("would retract versions [1]").contains("WRITE s3://"
                + names.buckets().get("production") + "/" + Manifest.key(dataset));
        assertThat(production(dataset)).isEqualTo("PUBLISHED");
        browser.clickToLoad("#retract");
        assertThat(notice()).startsWith("Dataset " + dataset + " retracted by operator: retracted versions [1]");
        assertThat(production(dataset)).startsWith("RETRACTED");
        assertThat(browser.text("#retraction")).contains("wrong plate map");
    }

    @Test
    void aViewerCannotApprove() {
        String dataset = depositPlate("source_viewer");
        await().atMost(PROCESSED).until(() -> production(dataset).equals("AWAITING_APPROVAL"));

        browser.logIn("curator", "viewer-secret-for-tests").open("/datasets/" + dataset);
        assertThat(browser.has("#approve")).isFalse();
        assertThat(browser.text("#approval-viewer")).contains("viewers cannot approve");

        // the same form posted by hand, with the viewer's session and a valid CSRF token
        Object[] forged = post("/datasets/" + dataset + "/approval", "decision=approve&reason=forged");
        assertThat(forged[0]).isEqualTo(403L);
        assertThat((String) forged[1]).contains("Only the ops role may do this").contains("Nothing was changed");
        // the API refuses the viewer too
        ResponseEntity<String> overTheApi = http.withBasicAuth("curator", "viewer-secret-for-tests").postForEntity(
                "/api/datasets/" + dataset + "/approval", Map.of("decision", "approve"), String.class);
        assertThat(overTheApi.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("curator", "viewer-secret-for-tests").getForEntity("/api/datasets/" + dataset,
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        DatasetRecord record = datasets.find(dataset).orElseThrow();
        assertThat(record.approval()).isNull();
        assertThat(record.status().production().wire()).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void badInputGetsAClearMessageAndChangesNothing() {
        browser.logIn("operator", "ops-secret-for-tests");

        browser.open("/datasets/no-such-dataset");
        assertThat(browser.find("#problem").getAttribute("data-status")).isEqualTo("404");
        assertThat(browser.text("#problem")).startsWith("No dataset 'no-such-dataset'");

        browser.open("/?tier=glacier");
        assertThat(browser.find("#problem").getAttribute("data-status")).isEqualTo("400");
        assertThat(browser.text("#problem"))
                .isEqualTo("No tier 'glacier': the tiers are [source, processed, production]");

        // a re-drive of an empty dead-letter queue
        browser.open("/problems");
        assertThat(browser.text("#no-dead-letters")).isEqualTo("Every dead-letter queue is empty.");
        new Select(browser.find("#redrive-form select[name=queue]")).selectByValue("enrich");
        browser.clickToLoad("#redrive-dry-run");
        assertThat(notice()).isEqualTo("Nothing to re-drive: the dead-letter queue of"
                + " enrich holds no message. Nothing was changed.");

        Object[] noQueue = post("/problems/redrive", "queue=glacier&dryRun=false");
        assertThat(noQueue[0]).isEqualTo(400L);
        assertThat((String) noQueue[1]).contains("No queue 'glacier'");

        // an approval without a decision, and a retraction of a dataset that does not exist
        Object[] noDecision = post("/datasets/no-such-dataset/approval", "decision=maybe");
        assertThat(noDecision[0]).isEqualTo(400L);
        assertThat((String) noDecision[1]).contains("The decision is 'approve' or 'reject', not 'maybe'");
        Object[] noDataset = post("/datasets/no-such-dataset/retraction", "reason=test&dryRun=true");
        assertThat(noDataset[0]).isEqualTo(404L);
    }

    @Test
    void theOpsPagesShowThePipelineLiveAndControlRoutesAndJobs() {
        browser.logIn("operator", "ops-secret-for-tests").open("/pipeline");
        assertThat(browser.has("g.hop[data-hop='ingest'] text.rate")).isTrue();
        String readAt = browser.text("#flow svg > text:last-of-type");
        // the flow is read again on its own every 2 s
        browser.await(Duration.ofSeconds(10), d -> !browser.find("#flow svg > text:last-of-type").getText()
                .equals(readAt));
        browser.screenshot("pipeline");

        browser.open("/routes");
        String route = "tr[data-route='measure-stack']";
        assertThat(browser.text(route + " .badge")).isEqualTo("Started");
        browser.clickToLoad(route + " button");
        assertThat(notice()).isEqualTo("Route measure-stack is Stopped");
        assertThat(browser.text(route + " .badge")).isEqualTo("Stopped");
        browser.clickToLoad(route + " button");
        assertThat(browser.text(route + " .badge")).isEqualTo("Started");
        browser.screenshot("routes");

        browser.open("/jobs");
        browser.clickToLoad("#run-verify");
        assertThat(notice()).startsWith("Job verify started: run ");
        // the jobs' table follows the run on its own, to its place in the history
        browser.await(Duration.ofSeconds(60), d -> browser.has("article[data-job='verify'] tbody tr .badge"));
        assertThat(browser.text("article[data-job='verify'] tbody tr .badge")).startsWith("SUCCEEDED");
        browser.screenshot("jobs");
    }

    /** The notice the page shows after an action, once the page that follows it has loaded. */
    String notice() {
        return browser.await(Duration.ofSeconds(10), d -> browser.has("#notice") ? browser.find("#notice").getText()
                : null);
    }

    /**
     * Posts a form from the page with the logged-in user's session and CSRF token: the status, and the text of the
     * page's message ({@code #problem}, else the whole body).
     */
    Object[] post(String path, String form) {
        String token = browser.driver().findElements(By.name("_csrf")).stream().findFirst()
                .map(e -> e.getAttribute("value")).orElse("");
        String body = (form == null ? "" : form + "&") + "_csrf=" + token;
        List<?> result = (List<?>) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', redirect: 'manual', headers: {'Content-Type':"
                        + " 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                        + ".then(r => r.text().then(t => done([r.status, new DOMParser().parseFromString(t,"
                        + " 'text/html').querySelector('#problem')?.textContent ?? t])))", path, body);
        return result.toArray();
    }

    String depositPlate(String source) {
        String dataset = "cpg0077-console/" + source;
        Deposits.cellPaintingPlate(dataset).forEach((key, bytes) -> s3.putObject(p -> p.bucket(
                names.buckets().get("original")).key(key), RequestBody.fromBytes(bytes)));
        return dataset;
    }

    String production(String dataset) {
        return datasets.find(dataset).map(d -> d.status().production() == null ? ""
                : d.status().production().wire()).orElse("");
    }
}
