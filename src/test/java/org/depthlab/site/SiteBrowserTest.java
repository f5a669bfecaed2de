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
import org.openqa.selenium.JavascriptExecutor;
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
 * tested by the real, sandboxed grader; the third reaches the runs page from the navigation with the
 * keyboard and checks its table and that its figures load. Chromium and chromedriver are looked up on the PATH (Debian:
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

    /**
     * A reader opens the book from its contents, reads a chapter whose equations KaTeX typesets
     * (served from the site itself, under the strict Content-Security-Policy) and whose figure
     * loads, follows the chapter's exercise, answers it, and sees the progress in the contents.
     */
    @Test
    void aReaderReadsAChapterWithMathAndAFigureAndDoesItsExercise(@TempDir Path own) {
        SiteConfig config = new SiteConfig("127.0.0.1", 0, own, Path.of("exercises"), Path.of("book"), null, 10, 10);
        try (Site real = Site.start(config, new QueueGrading(org.depthlab.exercises.Grader.create(), new org.depthlab.exercises.GradingQueue.Config(1, 4, 2)))) {
            browser.get(base(real) + "/");
            browser.findElement(By.linkText("Flat recurrence")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("KaTeX did not typeset the chapter's math")
                    .until(b -> !b.findElements(By.cssSelector(".math.typeset .katex")).isEmpty());
            org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
            Object untypeset = js.executeScript("return document.querySelectorAll('.math:not(.typeset)').length;");
            assertEquals(0L, untypeset, "every formula of the chapter is typeset");
            WebElement figure = browser.findElement(By.cssSelector("img[src='/book/images/tape-memory.svg']"));
            new WebDriverWait(browser, Duration.ofSeconds(10)).withMessage("the figure did not load").until(b ->
                    ((Number) js.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", figure)).intValue() > 0);
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("$ ./depthlab book figure tape-memory"),
                    "the command that makes the figure is printed under it");

            browser.findElement(By.linkText("Bytes kept under full back-propagation")).click();
            tabTo("answer");
            new Actions(browser).sendKeys("108096").sendKeys(Keys.ENTER).perform();
            String verdict = awaitVerdict(60);
            assertTrue(verdict.startsWith("Passed:"), verdict);

            browser.get(base(real) + "/");
            Optional<WebElement> item = browser.findElements(By.cssSelector("#chapter-04-flat-recurrence ul.exercises li")).stream()
                    .filter(li -> li.getText().contains("Bytes kept under full back-propagation")).findFirst();
            assertTrue(item.isPresent() && item.get().getText().endsWith("passed"), "the contents show the progress in words");
        }
    }

    /** Presses Tab until a link reading {@code text} has the focus (at most 40 times). */
    private void tabToLink(String text) {
        Actions keys = new Actions(browser);
        for (int i = 0; i < 40; i++) {
            keys.sendKeys(Keys.TAB).perform();
            WebElement e = browser.switchTo().activeElement();
            if ("a".equals(e.getTagName()) && text.equals(e.getText())) {
                return;
            }
        }
        fail("no link '" + text + "' can be reached with the Tab key on " + browser.getCurrentUrl());
    }

    /** Whether the image has loaded and decoded (a broken image has no natural width). */
    private boolean loaded(WebElement img) {
        Object width = ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", img);
        return width instanceof Number n && n.intValue() > 0;
    }

    @Test
    void theRunsPageShowsTheRunsTableTheirCurvesAndTheExperimentsFigures(@TempDir Path own) throws Exception {
        // One small trained run, and a book with one experiment's report and figure.
        Path data = own.resolve("puzzles");
        Path runs = own.resolve("runs");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter w = new java.io.PrintWriter(out, true);
        assertEquals(0, org.depthlab.cli.Main.run(new String[] {"generate", "--task", "sudoku4", "--count", "12",
            "--test-count", "4", "--clues", "8", "--seed", "2", "--out", data.toString()}, w, w), out.toString());
        assertEquals(0, org.depthlab.cli.Main.run(new String[] {"train", "--model", "hrm", "--task", "sudoku4", "--train",
            data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--out",
            runs.resolve("hrm-small").toString(), "--hidden", "8", "--steps", "6", "--batch", "4", "--segments", "2"},
                w, w), out.toString());
        Path book = own.resolve("book");
        Files.createDirectories(book.resolve("figures"));
        Files.createDirectories(book.resolve("results"));
        Files.writeString(book.resolve("figures/demo-curve.svg"), org.depthlab.experiments.SvgCanvas.render(
                org.depthlab.experiments.RunsTable.curves(org.depthlab.experiments.RunsTable.of(runs), false, true)));
        Files.writeString(book.resolve("results/demo.json"), "{\"experiment\": \"demo\", \"title\": \"A demo"
                + " experiment\", \"scale\": \"smoke\", \"runsFinished\": 1, \"runsPlanned\": 1, \"budget\":"
                + " \"Equal updates: 6 each.\", \"figures\": [{\"name\": \"curve\", \"title\": \"Exact accuracy while"
                + " training\", \"caption\": \"One run's held-out evaluations.\"}]}");

        SiteConfig config = new SiteConfig("127.0.0.1", 0, own.resolve("data"), SiteTesting.EXERCISES, book, runs, 10, 10);
        try (Site s = Site.start(config, new LocalQueue(1, 4, SiteTesting::grade))) {
            browser.get(base(s) + "/");
            tabToLink("Runs");
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.getCurrentUrl().endsWith("/runs"));
            WebElement table = browser.findElement(By.cssSelector("table.runs"));
            List<WebElement> cells = table.findElements(By.cssSelector("tbody tr td"));
            assertEquals("hrm", cells.get(0).getText());
            assertEquals("sudoku4", cells.get(1).getText());
            assertEquals("6", cells.get(3).getText(), "updates");
            assertTrue(table.getText().contains("hrm-small"), table.getText());
            WebElement curves = browser.findElement(By.id("curves"));
            new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("the runs' curves did not load")
                    .until(b -> loaded(curves));
            WebElement figure = browser.findElement(By.cssSelector("img[src='/runs/figures/demo-curve.svg']"));
            assertEquals("Exact accuracy while training", figure.getAttribute("alt"));
            new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("the experiment's figure did not load")
                    .until(b -> loaded(figure));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("A demo experiment"));
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
