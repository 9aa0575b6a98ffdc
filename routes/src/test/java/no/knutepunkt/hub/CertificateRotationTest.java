package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.DemoPki;
import no.knutepunkt.platform.crypto.Pem;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Certificate validity and key rotation, through the API of a hub whose identity directory holds: for A, its
 * certificate and a second one (cert-next.pem, a new key) as while it rotates; for B, the same; for C, only a
 * certificate that expired yesterday. A signs with either key and both are accepted; what B receives opens with
 * either of B's keys; C's signatures are refused as made with a certificate no longer valid, with or without a
 * signing time, and nothing is stored; operators see C's certificate in the health details and on the console.
 */
class CertificateRotationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] PAYLOAD = "nytt nøkkelpar".getBytes(StandardCharsets.UTF_8);
    @TempDir
    static Path dir;
    static TestHub hub;
    static DemoPki.Issued aNext;
    static DemoPki.Issued bNext;
    static DemoPki.Issued cExpired;

    @BeforeAll
    static void start() throws Exception {
        // a first start makes the demo identities; then the second certificates are registered, as an operator would
        DemoPki ca = TestHub.demoCa(dir);
        Path demo = dir.resolve("demo");
        Instant now = Instant.now();
        aNext = ca.issue("Bergen kommune", A, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(800)));
        bNext = ca.issue("Kinn kommune", B, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(800)));
        cExpired = ca.issue("C kommune", C, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        Files.writeString(demo.resolve("members/" + A + "/cert-next.pem"), Pem.toPem(aNext.certificate()));
        Files.writeString(demo.resolve("members/" + B + "/cert-next.pem"), Pem.toPem(bNext.certificate()));
        Files.writeString(demo.resolve("members/" + C + "/cert.pem"), Pem.toPem(cExpired.certificate()));
        Files.writeString(demo.resolve("members/" + C + "/key.pem"), Pem.toPem(cExpired.key()));
        hub = TestHub.embedded(dir, Map.of("knutepunkt.certificates.warn-before", "30d")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void duringARotationEitherKeySignsAndWhatTheRecipientGetsOpensWithEitherOfItsKeys() throws Exception {
        HubClient a = hub.client(A);
        String withNew = a.send(new HubClient.Send(A, List.of(B), "no.knutepunkt.v1.fil", "rotation-new", null, null,
                null, "ny.txt"), new CmsSigner(aNext.key(), aNext.certificate()).sign(PAYLOAD));
        String withOld = a.send(new HubClient.Send(A, List.of(B), "no.knutepunkt.v1.fil", "rotation-old", null, null,
                null, "gammal.txt"), hub.sign(A, PAYLOAD));

        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).containsAll(List.of(withNew,
                withOld)));
        CmsEnvelope envelope = new CmsEnvelope();
        CmsVerifier verifier = new CmsVerifier();
        for (String meldingId : List.of(withNew, withOld)) {
            byte[] sealed = b.download(meldingId).enveloped();
            // sealed to both of B's certificates: the old key and the new one each open it
            byte[] byOld = envelope.decrypt(sealed, hub.identity(B).key());
            byte[] byNew = envelope.decrypt(sealed, bNext.key());
            assertThat(byNew).isEqualTo(byOld);
            byte[] content = verifier.verify(byOld, meldingId.equals(withNew) ? aNext.certificate()
                    : hub.identity(A).certificate());
            assertThat(content).isEqualTo(PAYLOAD);
        }
    }

    @Test
    void aSignatureByAnExpiredCertificateIsRefusedWithOrWithoutASigningTime() throws Exception {
        int before = hub.count("select count(*) from melding");
        HubClient c = hub.client(C);
        byte[] withSigningTime = new CmsSigner(cExpired.key(), cExpired.certificate()).sign(PAYLOAD);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().build()).setDirectSignature(true)
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(cExpired.key()),
                        cExpired.certificate()));
        byte[] withoutSigningTime = generator.generate(new CMSProcessableByteArray(PAYLOAD), true).getEncoded();
        for (byte[] signed : List.of(withSigningTime, withoutSigningTime)) {
            assertThatThrownBy(() -> c.send(new HubClient.Send(C, List.of(B), "no.knutepunkt.v1.fil",
                    "expired-" + signed.length, null, null, null, "x.txt"), signed))
                    .isInstanceOfSatisfying(HubClient.HubException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("certificate-not-valid").contains(C);
                    });
        }
        assertThat(hub.count("select count(*) from melding")).isEqualTo(before);
    }

    @Test
    void operatorsSeeTheExpiredCertificateInTheHealthDetailsAndMembersDoNot() throws Exception {
        String[] operator = hub.staff("operator");
        var health = Multipart.get(hub.uri(), "/actuator/health/expiry", operator[0], operator[1]);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode details = JSON.readTree(health.body()).path("components").path("certificates").path("details");
        assertThat(details.path("expired").toString()).contains(C).contains("expired at");
        assertThat(details.path("expired").toString()).doesNotContain(A).doesNotContain(B);
        // members see no details
        var asMember = Multipart.get(hub.uri(), "/actuator/health/expiry", A, hub.identity(A).password());
        assertThat(asMember.body()).doesNotContain(C);

        // the console's overview lists it for the operator who signs in
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = browser.send(HttpRequest.newBuilder(hub.uri().resolve("/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + operator[0] + "&password=" + URLEncoder.encode(operator[1], StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        assertThat(browser.send(HttpRequest.newBuilder(hub.uri().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(302);
        var overview = browser.send(HttpRequest.newBuilder(hub.uri().resolve("/console/operator/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        String certificates = overview.body().substring(overview.body().indexOf("id=\"certificates\""));
        assertThat(certificates.substring(0, certificates.indexOf("</section>"))).contains(C).contains("expired");
    }
}
