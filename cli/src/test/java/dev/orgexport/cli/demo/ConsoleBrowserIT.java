package dev.orgexport.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.console.ConsoleMount;
import dev.orgexport.cli.console.HeadlessChromium;
import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.task.ExportKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (the OS's headless Chromium through Selenium) against the
 * demo's live stack: real Kafka, PostgreSQL, the simulator, an orchestrator and two workers
 * with the four-org seed, settled. An operator signs in with the token, sees the broken orgs
 * first, diagnoses {@code secondary} (the console names us-west-2), releases it (the audit trail
 * shows the release with the operator's name). Screenshots of each page go to
 * {@code target/console-screenshots/}. Skipped, with the reason, when Chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String OPERATOR = "alice";

    private static Path directory;
    private static DemoStack stack;
    private static PrometheusMeterRegistry meters;
    private static ConsoleMount console;
    private static OpsServer server;
    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static String token;

    @BeforeAll
    static void start_the_demo_stack_the_console_and_the_browser() throws Exception {
        Optional<Path[]> binaries = HeadlessChromium.find();
        assumeTrue(binaries.isPresent(), HeadlessChromium.whyAbsent());
        directory = Files.createTempDirectory("orgexport-console-it-");
        DemoScenario scenario = new DemoScenario(directory);
        stack = new DemoStack();
        stack.startBackends(scenario.simulatorConfig(), step -> { });
        new OrgRegistry(stack.database().dataSource(), Clock.systemUTC(), RegionCatalog.builtIn(), RegistryConfig.defaults())
                .apply(scenario.registryFile(), false);
        // As the demo does: windows that have settled (their end plus the worker's settle margin of an hour
        // is before the simulator's data availability).
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Backfill backfill = new Backfill(stack.database().dataSource(), Clock.systemUTC());
        for (DemoScenario.DemoOrg org : DemoScenario.ORGS) {
            for (ExportKind kind : ExportKind.values()) {
                backfill.run(org.id(), kind, to.minus(Duration.ofHours(2)), to);
            }
        }
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stack.startProcesses(directory.resolve("exports"), meters, step -> { });
        awaitSettled(new OperatorViews(stack.database().dataSource()), Duration.ofSeconds(60));

        token = UUID.randomUUID().toString();
        Path tokenFile = directory.resolve("console.token");
        Files.writeString(tokenFile, token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        PlatformSettings platform = PlatformSettings.defaults().withRegions(
                PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + stack.simulator().port() + "/{region}"));
        console = ConsoleMount.of(stack.database().dataSource(), new ConsoleConfig(SecretRef.parse("file:" + tokenFile),
                null, false, ConsoleConfig.DEFAULT_SESSION_LIFETIME), platform);
        server = OpsServer.start(0, meters, Map.of(), console);
        chromium = HeadlessChromium.start(binaries.get());
        browser = chromium.driver();
    }

    @AfterAll
    static void stop_everything() throws Exception {
        try (AutoCloseable a = chromium; AutoCloseable b = server; AutoCloseable c = console; AutoCloseable d = stack) {
            if (meters != null) {
                meters.close();
            }
        }
    }

    @Test
    @Order(1)
    void an_operator_signs_in_with_the_token_and_sees_the_broken_orgs_first() {
        browser.get(url("/console/"));
        assertThat(browser.getCurrentUrl()).as("read-only pages need a sign-in here").contains("/console/login");
        browser.findElement(By.id("operator")).sendKeys(OPERATOR);
        loadingNextPage(() -> browser.findElement(By.id("secret")).sendKeys(token, Keys.ENTER));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        List<String> order = browser.findElements(By.cssSelector("section.card")).stream()
                .map(card -> card.getAttribute("data-org")).toList();
        assertThat(order).hasSize(4);
        assertThat(order.subList(0, 2)).as("failing orgs first").containsExactlyInAnyOrder("secondary", "restricted");
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("primary", "emea");
        WebElement secondary = card("secondary");
        assertThat(secondary.getAttribute("data-status")).isEqualTo("QUARANTINED");
        assertThat(secondary.getText()).contains("CREDENTIALS_REJECTED", "run `orgexport diagnose`", "Quarantined until");
        assertThat(card("restricted").getText()).contains("MISSING_PERMISSION", "grant the listed permissions");
        assertThat(card("primary").getAttribute("data-status")).isEqualTo("OK");
        assertThat(card("primary").getText()).contains("SUCCEEDED 2", "on schedule");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("Signed in as " + OPERATOR);
        chromium.screenshot(SCREENSHOTS.resolve("overview.png"));
    }

    @Test
    @Order(2)
    void the_org_page_shows_windows_files_with_checksums_and_audit_rows() {
        browser.get(url("/console/orgs/primary"));
        assertThat(browser.findElements(By.cssSelector("ol.timeline li[data-state=SUCCEEDED]"))).hasSize(6);
        List<WebElement> files = browser.findElements(By.cssSelector("table.files tbody tr"));
        assertThat(files).hasSize(6);
        assertThat(files.get(0).findElement(By.cssSelector("code.sha")).getText()).matches("[0-9a-f]{64}");
        chromium.screenshot(SCREENSHOTS.resolve("org-primary.png"));

        browser.get(url("/console/orgs/secondary"));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("Region", "us-east-1", "Pinned organization", "CREDENTIALS_REJECTED");
        assertThat(browser.findElements(By.cssSelector("ol.timeline li[data-state=RETRY_WAIT]"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).as("the org's audit rows").isNotEmpty();
        chromium.screenshot(SCREENSHOTS.resolve("org-secondary.png"));
    }

    @Test
    @Order(3)
    void diagnose_is_confirmed_on_its_own_page_and_names_us_west_2() {
        browser.get(url("/console/orgs/secondary"));
        loadingNextPage(() -> browser.findElement(By.linkText("Diagnose")).click());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Diagnose org secondary?");
        assertThat(browser.findElement(By.id("probeRegions")).isSelected()).isTrue();
        loadingNextPage(() -> browser.findElement(By.cssSelector("form.stack button[type=submit]")).click());

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Diagnosis of org secondary");
        assertThat(browser.findElement(By.id("client-region")).getText()).isEqualTo("us-west-2");
        assertThat(browser.findElement(By.id("diagnosis")).getText()).contains("WRONG_REGION", "set the org's region to us-west-2");
        chromium.screenshot(SCREENSHOTS.resolve("diagnose-secondary.png"));
    }

    @Test
    @Order(4)
    void a_release_is_confirmed_and_recorded_in_the_audit_trail_with_the_operator() {
        browser.get(url("/console/orgs/secondary/release"));
        loadingNextPage(() -> browser.findElement(By.cssSelector("form.stack button[type=submit]")).click());
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("org secondary released from quarantine by alice (console, operator token)");

        browser.get(url("/console/audit"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("action"))).selectByValue("ReleaseOrg");
        loadingNextPage(() -> browser.findElement(By.cssSelector("form.filters button[type=submit]")).click());
        List<WebElement> rows = browser.findElements(By.cssSelector("table.audit tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains("secondary", "ReleaseOrg", "SUCCESS", "by alice (console, operator token)");
        assertThat(browser.getCurrentUrl()).contains("action=ReleaseOrg");

        browser.get(url("/console/audit"));
        assertThat(browser.findElements(By.cssSelector("table.audit tbody tr[data-action=DiagnoseOrg]")))
                .as("the diagnosis is in the trail too").hasSize(1);
        chromium.screenshot(SCREENSHOTS.resolve("audit-trail.png"));
    }

    @Test
    @Order(5)
    void the_keyboard_reaches_the_skip_link_first_and_every_input_has_a_label() {
        browser.get(url("/console/audit"));
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getDomProperty("textContent")).isEqualTo("Skip to the content");
        for (WebElement input : browser.findElements(By.cssSelector("main select, main input:not([type=hidden])"))) {
            String id = input.getAttribute("id");
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label of #%s", id).hasSize(1);
        }
    }

    @Test
    @Order(6)
    void a_dark_colour_scheme_preference_gives_dark_pages() {
        chromium.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            browser.get(url("/console/"));
            assertThat(chromium.driver().executeScript("return getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)");
            chromium.screenshot(SCREENSHOTS.resolve("overview-dark.png"));
        } finally {
            chromium.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    /**
     * Does what loads the next page (a click on a link or a submit button, Enter in a form) and waits
     * until the browser has left the current page: the click returns before the navigation starts, so
     * a look right after it can still see, or find nothing on, the page being left.
     */
    private static void loadingNextPage(Runnable action) {
        WebElement current = browser.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(current));
    }

    private static WebElement card(String org) {
        return browser.findElement(By.cssSelector("section.card[data-org='" + org + "']"));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static void awaitSettled(OperatorViews views, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DemoProgress progress = DemoProgress.of(views);
        while (!progress.done() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            progress = DemoProgress.of(views);
        }
        assertThat(progress.done()).as("the demo's runs settle: %s", progress.line()).isTrue();
    }
}
