package io.bucketbrigade.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Nothing is downloaded: the driver and the browser are
 * named, so Selenium Manager is not asked for either. Screenshots go to the folder in the system property
 * {@code console.screenshots}, when it is set.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;

    public Browser(String base) {
        for (String program : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!new File(program).canExecute()) {
                throw new IllegalStateException(program + " is missing: the console's browser tests need Debian's"
                        + " chromium and chromium-driver (apt-get install chromium chromium-driver)");
            }
        }
        try {
            profile = Files.createTempDirectory("brigade-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(new Dimension(1400, 1000));
        this.base = base;
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    /** Logs in through the console's form. */
    public Browser logIn(String user, String password) {
        open("/login");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        clickToLoad("#login");
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * The text of an element, looked for again when the page has replaced it (the tables that refresh themselves
     * swap their elements every few seconds).
     */
    public String text(String css) {
        return await(Duration.ofSeconds(10), d -> find(css).getText());
    }

    /**
     * Clicks a link or a form's button and waits until the page it leads to has replaced this one. Without the
     * wait, the next look could still find this page, or an element of it that is gone a moment later.
     */
    public Browser clickToLoad(String css) {
        WebElement page = find("html");
        find(css).click();
        await(Duration.ofSeconds(30), ExpectedConditions.stalenessOf(page));
        await(Duration.ofSeconds(30), d -> "complete".equals(driver.executeScript("return document.readyState")));
        return this;
    }

    public boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /**
     * Waits until the page (as the page itself updates it) satisfies the condition; a look that met an element the
     * page had just replaced is made again.
     */
    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "on " + driver.getCurrentUrl() + ", titled '" + driver.getTitle() + "'")
                .until(condition);
    }

    /** Waits until the condition holds, loading the page again before each look, as a user pressing F5. */
    public <T> T awaitReloading(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(500))
                .ignoring(StaleElementReferenceException.class).until(d -> {
            d.navigate().refresh();
            return condition.apply(d);
        });
    }

    /** Keeps a screenshot of the whole page as {@code <name>.png}, when screenshots are asked for. */
    public void screenshot(String name) {
        String folder = System.getProperty("console.screenshots");
        if (folder == null || folder.isBlank()) {
            return;
        }
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, (int) Math.min(2400, Math.max(900, height + 40))));
        try {
            Path target = Path.of(folder).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    @Override
    public void close() {
        driver.quit();
        TemporaryFolders.delete(profile);
    }
}
