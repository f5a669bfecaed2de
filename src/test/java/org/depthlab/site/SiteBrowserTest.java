package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser on the site: headless Chromium, driven by Selenium, does an exercise with
 * the keyboard only — Tab to the answer, type, Enter — gets a wrong and then a right answer
 * graded, reads both verdicts from the page's live region, and after a reload still sees its
 * progress.
 *
 * <p>The first test uses a numeric test exercise with a grader that takes a moment; the second
 * writes the seeded Java exercise's solution into the plain textarea and has it compiled and
 * tested by the real, sandboxed grader. Chromium and chromedriver are looked up on the PATH (Debian:
 * {@code chromium}, {@code chromium-driver}), or named by {@code DEPTHLAB_CHROMIUM} and
 * {@code DEPTHLAB_CHROMEDRIVER}. If they are missing or Chromium cannot start, the test fails
 * and says so — it is never skipped silently.
 */
class SiteBrowserTest {

    @TempDir
    static Path data;

    static Site site;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        // Grading takes a moment, so that the result page first shows "waiting" and its script
        // must bring the verdict into the live region.
        site = Site.start(SiteTesting.config(data, 1000, 1000), new LocalQueue(1, 16, (e, a) -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return SiteTesting.grade(e, a);
        }));
        Path chromium = executable("DEPTHLAB_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Path driver = executable("DEPTHLAB_CHROMEDRIVER", "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,900");
        try {
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                    .usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            fail("headless Chromium (" + chromium + ") did not start under " + driver + ": " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        site.close();
    }

    /** An executable named by {@code variable}, or the first of {@code names} on the PATH; a failure otherwise. */
    private static Path executable(String variable, String... names) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("the browser test needs " + String.join(" or ", names) + " on the PATH (Debian packages chromium and "
                + "chromium-driver), or " + variable + " naming it");
    }

    private String base() {
        return base(site);
    }

    private static String base(Site s) {
        return "http://127.0.0.1:" + s.port();
    }

    /** Presses Tab until the element with {@code id} has the focus (at most 40 times). */
    private void tabTo(String id) {
        Actions keys = new Actions(browser);
        for (int i = 0; i < 40; i++) {
            keys.sendKeys(Keys.TAB).perform();
            if (id.equals(browser.switchTo().activeElement().getAttribute("id"))) {
                return;
            }
        }
        fail("#" + id + " cannot be reached with the Tab key on " + browser.getCurrentUrl());
    }

    /** Waits (up to {@code seconds}) for the live region to announce a verdict and returns it. */
    private String awaitVerdict(int seconds) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.getCurrentUrl().contains("/submissions/"));
        WebElement region = browser.findElement(By.id("verdict"));
        assertEquals("polite", region.getAttribute("aria-live"));
        new WebDriverWait(browser, Duration.ofSeconds(seconds))
                .withMessage("no verdict was announced in the live region #verdict within " + seconds + " s").until(b -> {
            String t = b.findElement(By.id("verdict")).getText();
            return t.startsWith("Passed") || t.startsWith("Failed") || t.startsWith("Compile error");
        });
        return browser.findElement(By.id("verdict")).getText();
    }

    /** Answers the exercise with the keyboard only and returns the verdict the live region announces. */
    private String answerWithKeyboard(String answer) {
        browser.get(base() + "/exercises/hrm-depth");
        tabTo("answer");
        new Actions(browser).sendKeys(answer).sendKeys(Keys.ENTER).perform();
        return awaitVerdict(30);
    }

    @Test
    void javaTypedIntoThePlainTextareaIsGradedInTheSandbox(@TempDir Path own) throws Exception {
        SiteConfig config = new SiteConfig("127.0.0.1", 0, own, Path.of("exercises"), Path.of("book"), null, 10, 10);
        try (Site real = Site.start(config, new QueueGrading(org.depthlab.exercises.Grader.create(), new org.depthlab.exercises.GradingQueue.Config(1, 4, 2)))) {
            browser.get(base(real) + "/exercises/rmsnorm-forward-backward");
            tabTo("file-RmsNorm.java");
            String solution = Files.readString(Path.of("exercises/rmsnorm-forward-backward/reference/RmsNorm.java"));
            new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(Keys.DELETE).perform();
            browser.switchTo().activeElement().sendKeys(solution);
            tabTo("submit");
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            String verdict = awaitVerdict(120);
            assertTrue(verdict.startsWith("Passed:"), verdict);
        }
    }

    @Test
    void aStudentAnswersWrongThenRightWithTheKeyboardAndKeepsTheProgress() {
        String wrong = answerWithKeyboard("4");
        assertTrue(wrong.startsWith("Failed:"), wrong);
        String right = answerWithKeyboard("6");
        assertTrue(right.startsWith("Passed:"), right);

        browser.navigate().refresh();
        assertTrue(browser.findElement(By.id("verdict")).getText().startsWith("Passed:"), "the verdict survives a reload");
        browser.get(base() + "/");
        String home = browser.findElement(By.tagName("main")).getText();
        assertTrue(home.contains("You have passed 1 of 3 exercises."), home);
        Optional<WebElement> item = browser.findElements(By.cssSelector("ul.exercises li")).stream()
                .filter(li -> li.getText().contains("The depth of an HRM segment")).findFirst();
        assertTrue(item.isPresent() && item.get().getText().endsWith("passed"), "progress is shown in words");
        browser.get(base() + "/exercises/hrm-depth");
        List<WebElement> attempts = browser.findElements(By.cssSelector("ol li"));
        assertEquals(2, attempts.size(), "both submissions are listed");
        assertTrue(attempts.get(0).getText().endsWith("passed") && attempts.get(1).getText().endsWith("failed"));
    }
}
