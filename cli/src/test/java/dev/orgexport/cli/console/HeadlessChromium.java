package dev.orgexport.cli.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The OS's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium without Selenium Manager: both paths are given, so nothing is downloaded.
 * Absent binaries make {@link #find()} empty, and the browser tests skip with that reason.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** The binaries, or empty with nothing started. */
    public static Optional<Path[]> find() {
        Optional<Path> browser = BROWSERS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        Optional<Path> driver = DRIVERS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        return browser.isPresent() && driver.isPresent() ? Optional.of(new Path[] {browser.get(), driver.get()}) : Optional.empty();
    }

    public static String whyAbsent() {
        return "headless Chromium is not installed (looked for " + BROWSERS + " and " + DRIVERS
                + "); install the OS packages chromium and chromium-driver, as .ci/run does";
    }

    /** Starts a fresh browser with its own profile directory, sized for full-page screenshots. */
    public static HeadlessChromium start(Path[] binaries) {
        try {
            Path profile = Files.createTempDirectory("orgexport-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binaries[0].toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1400", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(binaries[1].toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the browser shows as a PNG; the window grows to the page's height first. */
    public Path screenshot(Path file) {
        try {
            Object height = driver.executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, Math.max(800, ((Number) height).intValue())));
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans /tmp
        }
    }
}
