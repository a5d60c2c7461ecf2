package io.chektbridge.daemon.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (Debian's chromium, driven through its chromedriver; nothing is
 * downloaded) against a running daemon: DC-09 frames from a panel change the partition badge, the
 * exit delay countdown, a zone tile and the walk-test count while the page stays loaded.
 * Screenshots at phone and laptop width go to {@code target/status-page/} (the ones in docs/ come
 * from here). scripts/test.sh installs chromium, so a missing browser fails this test rather than
 * skipping it.
 */
class StatusPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration LIVE = Duration.ofSeconds(10);

  @TempDir Path dir;
  @RegisterExtension final InProcessBridge bridge = InProcessBridge.startedByTheTest();
  private ChromeDriver browser;
  private int sequence;

  @BeforeEach
  void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "chromium and chromedriver in /usr/bin: apt-get install chromium chromium-driver (scripts/test.sh does)")
        .isTrue();
    bridge.start(
        BridgeYaml.in(dir)
            .site("hallway-test")
            .timezone("Europe/Berlin")
            .account("1234")
            .partition(1, "House", "45s", "30s")
            .zone(5, "Back Door <rear>", 1, "entry_exit")
            .zone(6, "Hall PIR", 1, "interior")
            .zone(7, "Kitchen window", 1, "perimeter"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000");
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void panelEventsChangeThePageLiveWithoutAReload() throws Exception {
    browser.get(base() + "/?walk=1");
    assertThat(browser.getCurrentUrl())
        .as("walk=1 gets its start time")
        .matches(".*/\\?walk=1&from=\\d{13}$");
    await("the event stream to connect", () -> text(By.id("live-state")).equals("live"));
    browser.executeScript("window.loadedOnce = 'same page'");

    assertThat(badge().getAttribute("data-state")).isEqualTo("disarmed");
    assertThat(badge().getText()).contains("Disarmed");
    assertThat(text(By.id("walk-count"))).isEqualTo("0 of 3 zones tested");
    assertThat(browser.findElements(By.cssSelector("#partition-1 .countdown"))).isEmpty();
    assertThat(text(By.id("zone-5"))).contains("Back Door <rear>", "not reported yet");

    panel("1137 01 006"); // zone 6 reports: tamper
    await(
        "zone 6's tile",
        () -> "tamper".equals(browser.findElement(By.id("zone-6")).getAttribute("data-state")));
    assertThat(text(By.id("zone-6"))).contains("tamper", "E137", "✓ tested");
    await("the walk-test count", () -> text(By.id("walk-count")).equals("1 of 3 zones tested"));

    panel("3401 01 003"); // armed away by user 3: a 45 s exit delay
    await(
        "the exit delay badge",
        () -> "arming_in_progress".equals(badge().getAttribute("data-state")));
    assertThat(badge().getText()).contains("Exit delay, arming away", "by user 3");
    assertThat(badge().getAttribute("class")).contains("s-delay");
    long first = secondsLeft();
    assertThat(first).isBetween(40L, 45L);
    await("the countdown to run", () -> secondsLeft() <= first - 2);
    screenshot(360, "status-page-360.png");
    screenshot(1280, "status-page-1280.png");

    panel("1130 01 005"); // zone 5 reports: burglary alarm
    await("the alarm badge", () -> "alarm".equals(badge().getAttribute("data-state")));
    assertThat(badge().getAttribute("class")).contains("s-alarm");
    await(
        "zone 5's tile",
        () -> "alarm".equals(browser.findElement(By.id("zone-5")).getAttribute("data-state")));
    assertThat(text(By.id("zone-5"))).contains("ALARM", "E130", "✓ tested");
    await("the walk-test count", () -> text(By.id("walk-count")).equals("2 of 3 zones tested"));
    assertThat(text(By.cssSelector("#events li")))
        .as("newest event first")
        .containsPattern("Zone 5|Partition 1 House: ALARM");

    assertThat(browser.executeScript("return window.loadedOnce"))
        .as("the page was never reloaded")
        .isEqualTo("same page");
  }

  /**
   * Sets the viewport to {@code width} CSS pixels, checks nothing scrolls sideways, saves a
   * full-height shot.
   */
  private void screenshot(int width, String name) throws Exception {
    Map<String, Object> metrics =
        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600);
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
    Number scrollWidth =
        (Number) browser.executeScript("return document.documentElement.scrollWidth");
    assertThat(scrollWidth.intValue())
        .as("no horizontal scrolling at %d px", width)
        .isLessThanOrEqualTo(width);
    Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            width,
            "height",
            height.intValue(),
            "deviceScaleFactor",
            1,
            "mobile",
            width < 600));
    Path out = Path.of("target", "status-page", name);
    Files.createDirectories(out.getParent());
    Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  private WebElement badge() {
    return browser.findElement(By.id("partition-1"));
  }

  private long secondsLeft() {
    Matcher m =
        Pattern.compile("(\\d+) s left").matcher(text(By.cssSelector("#partition-1 .countdown")));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private String text(By by) {
    return browser.findElement(by).getText();
  }

  /**
   * Waits for the page to show it by itself; elements are looked up again as the live part is
   * replaced.
   */
  private void await(String what, java.util.function.BooleanSupplier shown) {
    new WebDriverWait(browser, LIVE)
        .withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(d -> shown.getAsBoolean());
  }

  private String base() {
    return "http://127.0.0.1:" + bridge.statusPort();
  }

  /** One ADM-CID frame from account 1234, which must be ACKed. */
  private void panel(String cid) throws Exception {
    assertThat(PanelSocket.sendContactId(bridge.dc09Port(), "1234", ++sequence, cid).token())
        .isEqualTo(Dc09Token.ACK);
  }
}
