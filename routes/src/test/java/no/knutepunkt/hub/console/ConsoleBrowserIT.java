package no.knutepunkt.hub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.StandIns;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which the build
 * installs when they are missing: see {@code .ci/browser}), against a hub on the real PostgreSQL. The secretariat
 * distributes a document to a region through the form and watches the progress bar reach 100 %; an operator sees
 * the messages counted on the overview's chart and retries a dead letter with a click; a member system's
 * credentials do not sign in. A screenshot of each page goes to {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** A push member whose system refuses at first: its delivery becomes a dead letter. */
    private static final String PUSH = TestHub.D;
    private static final String REGION = "Nordfjord";
    private static final int REGION_MEMBERS = 5;
    /** Bremanger, in Nordfjord. */
    private static final String NORDFJORD_MEMBER = "994648004";

    @TempDir
    static Path dir;
    static WireMockServer receiver;
    static TestHub hub;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        receiver = StandIns.started();
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + PUSH + ".connector", "fiksio",
                "knutepunkt.routing." + PUSH + ".endpoint", receiver.baseUrl())).start();
        Files.createDirectories(SCREENSHOTS);
        browser = chromium(dir.resolve("chromium"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
            hub.dropSchema();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    static WebDriver chromium(Path profile) {
        File driver = new File(System.getProperty("knutepunkt.chromedriver", "/usr/bin/chromedriver"));
        File binary = new File(System.getProperty("knutepunkt.chromium", "/usr/bin/chromium"));
        assertThat(driver.canExecute()).as(driver + ": chromedriver (Debian package chromium-driver;"
                + " `bash .ci/browser` installs it)").isTrue();
        assertThat(binary.canExecute()).as(binary + ": chromium (Debian package chromium; `bash .ci/browser`"
                + " installs it)").isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(binary).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1400", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    @Order(1)
    void aMemberSystemsCredentialsDoNotSignIn() {
        MemberLogin member = memberLogin();
        signIn(member.username(), member.password());
        assertThat(browser.findElement(By.id("login-member")).getText()).contains("member systems use the API");
        assertThat(browser.getCurrentUrl()).contains("/login");
        screenshot("login");
        browser.get(hub.uri().resolve("/console/operator/overview").toString());
        assertThat(browser.getCurrentUrl()).as("not signed in: back to the sign-in page").contains("/login");
    }

    @Test
    @Order(2)
    void theSecretariatDistributesToARegionAndSeesTheProgressBarReachAHundredPercent() throws Exception {
        signInAs("secretariat");
        assertThat(browser.getCurrentUrl()).endsWith("/console/secretariat/distributions");

        browser.findElement(By.id("noekkel")).sendKeys("rundskriv-2026-1");
        new Select(browser.findElement(By.id("meldingType"))).selectByValue("no.knutepunkt.v1.fil");
        Path document = dir.resolve("rundskriv.txt");
        Files.writeString(document, "Rundskriv til kommunane i Nordfjord", StandardCharsets.UTF_8);
        browser.findElement(By.id("document")).sendKeys(document.toAbsolutePath().toString());
        browser.findElement(By.id("target-region")).click();
        new Select(browser.findElement(By.id("region"))).selectByValue(REGION);
        browser.findElement(By.id("preview")).click();
        WebElement count = until(b -> b.findElement(By.id("preview-count")));
        assertThat(count.getText()).isEqualTo(String.valueOf(REGION_MEMBERS));
        screenshot("distribution-form");

        browser.findElement(By.id("send")).click();
        assertThat(notice("registered")).contains("rundskriv-2026-1");
        // the bar is polled every second by htmx until the hub is finished with every recipient
        until(b -> b.findElement(By.cssSelector("td.progress .percent")).getText().equals("100 %"));
        assertThat(browser.findElement(By.cssSelector("td.progress .percent")).getText()).isEqualTo("100 %");
        assertThat(browser.findElements(By.cssSelector("#distributions button.cancel"))).as("nothing left to cancel")
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("td.progress .small")).getText())
                .contains(REGION_MEMBERS + " of " + REGION_MEMBERS + " made")
                .contains(REGION_MEMBERS + " in inbox");
        screenshot("distributions");
        assertThat(hub.count("select count(*) from levering l join distribusjon_mottaker m"
                + " on m.melding_id = l.melding_id where l.in_inbox")).isEqualTo(REGION_MEMBERS);
        signOut();
    }

    @Test
    @Order(3)
    void theOperatorSeesTheMessagesCountedOnTheOverviewChart() {
        signInAs("operator");
        assertThat(browser.getCurrentUrl()).endsWith("/console/operator/overview");
        WebElement totals = until(b -> {
            WebElement t = b.findElement(By.id("activity-totals"));
            return t.getText().startsWith("Last hour") ? t : null;
        });
        assertThat(Integer.parseInt(totals.getDomAttribute("data-accepted"))).isGreaterThanOrEqualTo(REGION_MEMBERS);
        assertThat(browser.findElement(By.id("health")).getText()).contains("db").contains("UP");
        assertThat(browser.findElement(By.id("by-status")).getText()).contains("QUEUED");
        screenshot("overview");
    }

    @Test
    @Order(4)
    void theOperatorRetriesADeadLetterWithAClickAndItIsDelivered() throws Exception {
        receiver.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(400)
                .withBody("ugyldig")));
        HubClient sender = hub.client(TestHub.A);
        String meldingId = sender.send(new HubClient.Send(TestHub.A, List.of(PUSH), "no.knutepunkt.v1.fil",
                "til-dead-letter", null, null, null, "x.txt"), hub.sign(TestHub.A, "x".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(sender, meldingId).equals("FAILED"));

        browser.get(hub.uri().resolve("/console/operator/dead-letters").toString());
        WebElement row = browser.findElement(By.xpath("//tr[td[text()='" + meldingId + "']]"));
        assertThat(row.getText()).contains(PUSH).contains("fiksio").contains("400");
        screenshot("dead-letters");

        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(200)));
        row.findElement(By.cssSelector("button.retry")).click();
        assertThat(notice("QUEUED again")).contains(PUSH);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(sender, meldingId).equals("DELIVERED"));
        assertThat(browser.findElements(By.xpath("//tr[td[text()='" + meldingId + "']]"))).isEmpty();

        // its whole trace, found by the sender's klientMeldingId: the failure, the operator's retry, the
        // delivery, and the hub's error message to the sender
        browser.get(hub.uri().resolve("/console/operator/messages").toString());
        browser.findElement(By.id("q")).sendKeys("til-dead-letter");
        browser.findElement(By.id("avsender")).sendKeys(TestHub.A);
        browser.findElement(By.id("find")).click();
        assertThat(until(b -> b.findElement(By.id("trace-message"))).getText()).contains(meldingId);
        String steps = browser.findElement(By.id("delivery-" + PUSH)).getText();
        assertThat(steps).contains("RECEIVED").contains("FAILED").contains("put back on the delivery queue by")
                .contains("DELIVERED");
        assertThat(browser.findElement(By.id("answers")).getText()).contains("feilmelding");
        screenshot("message");
    }

    @Test
    @Order(5)
    void theOperatorSeesEveryMemberAsATileWithItsInboxAndLastDelivery() {
        browser.get(hub.uri().resolve("/console/operator/members").toString());
        assertThat(browser.findElements(By.cssSelector("#members article.tile"))).hasSize(43);
        WebElement push = browser.findElement(By.id("member-" + PUSH));
        assertThat(push.findElement(By.xpath(".//dt[text()='connector']/following-sibling::dd[1]")).getText())
                .isEqualTo("fiksio");
        assertThat(push.findElement(By.xpath(".//dt[text()='last delivery']/following-sibling::dd[1]")).getText())
                .endsWith("ago");
        WebElement nordfjord = browser.findElement(By.id("member-" + NORDFJORD_MEMBER));
        assertThat(nordfjord.findElement(By.cssSelector("dd.inbox")).getText()).isEqualTo("1");
        assertThat(nordfjord.findElement(By.cssSelector("dd.certificate")).getText()).startsWith("valid");
        screenshot("members");
    }

    @Test
    @Order(6)
    void theOperatorSeesTheStaffsActionsInTheAuditTrail() {
        browser.get(hub.uri().resolve("/console/operator/audit").toString());
        String trail = browser.findElement(By.id("audit")).getText();
        assertThat(trail).contains("sign in").contains("sign out").contains("POST /console/secretariat/distributions")
                .contains("/retry");
        new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("refused");
        browser.findElement(By.id("filter")).click();
        until(b -> b.getCurrentUrl().contains("outcome=refused"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("a member system's credentials")
                .doesNotContain("POST /console/secretariat/distributions");
        screenshot("audit");
    }

    @Test
    @Order(7)
    void theOperatorSuspendsDeliverInboxSeesItsQueueGrowAndResumesItToDrain() throws Exception {
        browser.get(hub.uri().resolve("/console/operator/routes").toString());
        browser.findElement(By.cssSelector("#route-deliver-inbox button.suspend")).click();
        assertThat(notice("Suspended")).contains("deliver-inbox");
        assertThat(browser.findElement(By.cssSelector("#route-deliver-inbox .state-name")).getText())
                .isEqualTo("Suspended");

        HubClient sender = hub.client(TestHub.A);
        for (int i = 0; i < 3; i++) {
            sender.send(new HubClient.Send(TestHub.A, List.of(NORDFJORD_MEMBER), "no.knutepunkt.v1.fil", "vent-" + i,
                    null, null, null, "x.txt"), hub.sign(TestHub.A, "x".getBytes(StandardCharsets.UTF_8)));
        }
        // the queue part refreshes itself every two seconds
        until(b -> depth(b).equals("3"));
        screenshot("routes");

        browser.findElement(By.cssSelector("#route-deliver-inbox button.resume")).click();
        assertThat(notice("Started again")).contains("deliver-inbox");
        until(b -> depth(b).equals("0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.count(
                "select count(*) from levering where mottaker = ? and in_inbox", NORDFJORD_MEMBER) == 4);
    }

    @Test
    @Order(8)
    void theSecretariatRegistersAnAgreementAndAProjectAndDryRunsTheInvoicing() throws Exception {
        browser.findElement(By.id("logout")).click();
        until(b -> b.getCurrentUrl().contains("/login?logout"));
        signInAs("secretariat");

        browser.get(hub.uri().resolve("/console/secretariat/agreements").toString());
        browser.findElement(By.id("agreement-noekkel")).sendKeys("avtale-2026");
        browser.findElement(By.id("agreement-tittel")).sendKeys("Samarbeidsavtale Nordfjord");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('agreement-gyldigTil').value = '2030-12-31'");
        Path document = dir.resolve("avtale.txt");
        Files.writeString(document, "Avtale om digitaliseringssamarbeid", StandardCharsets.UTF_8);
        browser.findElement(By.id("agreement-document")).sendKeys(document.toAbsolutePath().toString());
        browser.findElement(By.id("target-region")).click();
        new Select(browser.findElement(By.id("region"))).selectByValue(REGION);
        browser.findElement(By.id("register-agreement")).click();
        assertThat(notice("sent to its parties")).contains("Version 1");
        assertThat(browser.findElement(By.cssSelector(".agreement .version-counts")).getText())
                .isEqualTo("0 signed · " + REGION_MEMBERS + " not signed · 0 refused");
        screenshot("agreements");

        browser.get(hub.uri().resolve("/console/secretariat/projects").toString());
        browser.findElement(By.id("project-noekkel")).sendKeys("felles-sak-arkiv");
        browser.findElement(By.id("project-namn")).sendKeys("Felles sak/arkiv");
        new Select(browser.findElement(By.id("project-owner"))).selectByValue(TestHub.A);
        Select participants = new Select(browser.findElement(By.id("project-participants")));
        participants.selectByValue(TestHub.A);
        participants.selectByValue(NORDFJORD_MEMBER);
        browser.findElement(By.id("project-mandat")).sendKeys("Anskaffe felles sak/arkiv");
        browser.findElement(By.id("project-budsjett")).sendKeys("250000");
        browser.findElement(By.id("register-project")).click();
        assertThat(notice("Project")).contains("registered");
        WebElement project = browser.findElement(By.id("project-felles-sak-arkiv"));
        new Select(project.findElement(By.cssSelector("select.project-status"))).selectByValue("AKTIV");
        project.findElement(By.cssSelector("button.set-status")).click();
        assertThat(notice("Status set to")).contains("AKTIV");
        assertThat(new Select(browser.findElement(By.cssSelector("#project-felles-sak-arkiv select.project-status")))
                .getFirstSelectedOption().getText()).isEqualTo("AKTIV");
        screenshot("projects");

        browser.get(hub.uri().resolve("/console/secretariat/invoicing").toString());
        new Select(browser.findElement(By.id("year"))).selectByValue("2021");
        browser.findElement(By.id("dry-run")).click();
        WebElement table = until(b -> b.findElement(By.id("dry-run-table")));
        assertThat(table.findElements(By.cssSelector("tr.payer"))).isNotEmpty();
        assertThat(browser.findElement(By.id("total-invoiced")).getText()).matches("[0-9]+\\.[0-9]{2}");
        screenshot("invoicing");
        // a real run only behind the confirmation
        browser.findElement(By.id("real-run")).click();
        String refused = until(b -> {
            String text = b.findElement(By.id("problem")).getText();
            return text.contains("confirmation") ? text : null;
        });
        assertThat(refused).contains("Tick the confirmation");
        assertThat(hub.count("select count(*) from fakturering")).isZero();
    }

    private static String depth(WebDriver b) {
        return b.findElement(By.cssSelector("[id='queue-knutepunkt.deliver.inbox'] .depth")).getText();
    }

    private static String status(HubClient sender, String meldingId) throws Exception {
        return sender.status(meldingId).path("deliveries").get(0).path("status").asText();
    }

    private record MemberLogin(String username, String password) {
    }

    private static MemberLogin memberLogin() {
        MemberIdentity me = hub.identity(TestHub.A);
        return new MemberLogin(me.username(), me.password());
    }

    private static void signInAs(String role) {
        String[] staff = hub.staff(role);
        signIn(staff[0], staff[1]);
    }

    /** Signs in through the form and waits until the browser has left the sign-in page for where it was sent. */
    private static void signIn(String username, String password) {
        browser.get(hub.uri().resolve("/login").toString());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        // the answer is the role's first page, or /login?error or ?member: never /login itself
        until(b -> !b.getCurrentUrl().endsWith("/login"));
    }

    private static void signOut() {
        browser.findElement(By.id("logout")).click();
        until(b -> b.getCurrentUrl().contains("/login?logout"));
    }

    /**
     * Waits up to 30 s for {@code check} to give a value; an element htmx or a page load replaced while it was looked at
     * is looked for again. Chrome reports such an element either as stale or, when the swap falls between finding it
     * and reading it, as an inspector error saying the node "does not belong to the document": both mean the same.
     */
    private static <T> T until(Function<WebDriver, T> check) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait.until(b -> {
            try {
                return check.apply(b);
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /**
     * The notice of the page the last form led to: waits until one says {@code what} (the page before may still show
     * its own notice while the next one loads).
     */
    private static String notice(String what) {
        return until(b -> {
            String text = b.findElement(By.id("notice")).getText();
            return text.contains(what) ? text : null;
        });
    }

    private static void screenshot(String name) {
        try {
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
