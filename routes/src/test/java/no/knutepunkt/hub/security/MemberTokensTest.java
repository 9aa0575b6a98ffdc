package no.knutepunkt.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.member.Orgnr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Members' OAuth2 bearer tokens, Maskinporten style, through the real API of a hub whose issuer publishes its keys
 * at a WireMock JWKS endpoint: a valid token sends and reads the inbox as its organisation; a wrong issuer, audience,
 * scope, expiry or signature, a token naming no organisation or one that is not a member is refused with its problem
 * and stores nothing; HTTP Basic still works beside it.
 */
class MemberTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUER = "https://maskinporten.test/";
    private static final String AUDIENCE = "https://knutepunkt.test/";
    private static final String SCOPE = "knutepunkt:meldinger";
    /** A valid organisation number (Brønnøysundregistrene) that is not in the member registry. */
    private static final String NOT_A_MEMBER = "974760673";
    @TempDir
    static Path dir;
    static WireMockServer issuer;
    static RSAKey key;
    static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("maskinporten-1").generate();
        issuer = new WireMockServer(options().dynamicPort());
        issuer.start();
        issuer.stubFor(get(urlEqualTo("/jwk")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(key.toPublicJWK()).toString())));
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.security.jwt.enabled", "true",
                "knutepunkt.security.jwt.jwk-set-uri", issuer.baseUrl() + "/jwk",
                "knutepunkt.security.jwt.issuer", ISSUER,
                "knutepunkt.security.jwt.audience", AUDIENCE,
                "knutepunkt.security.jwt.scope", SCOPE)).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        issuer.stop();
    }

    @Test
    void aMembersTokenSendsAsItsOrganisationAndReadsItsInbox() throws Exception {
        HttpResponse<String> sent = send(token(A, c -> { }), A, "jwt-valid");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String meldingId = JSON.readTree(sent.body()).path("meldingId").asText();

        // B's token names it with a plain orgnr claim instead of Maskinporten's consumer object
        String b = token(B, c -> c.claim("consumer", B));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(b).contains(meldingId));
        HttpResponse<byte[]> download = HTTP.send(bearer("/api/v1/inbox/" + meldingId, b).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(hub.opener(B).open(download.body(), A)).isEqualTo("<jwt/>".getBytes(StandardCharsets.UTF_8));

        // A's status of it: the token's organisation is the sender
        HttpResponse<String> status = HTTP.send(bearer("/api/v1/messages/" + meldingId, token(A, c -> { }))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    }

    @Test
    void aTokenActsAsItsOrganisationOnly() throws Exception {
        HttpResponse<String> asOther = Multipart.send(Multipart.multipart(hub.uri(), "/api/v1/messages",
                        Multipart.parts(metadata(B, A, "jwt-as-other"), hub.sign(B, "<jwt/>".getBytes(
                                StandardCharsets.UTF_8)))).header("Authorization", "Bearer " + token(A, c -> { })),
                null, null);
        assertThat(problem(asOther, 403)).isEqualTo("sender-mismatch");
        assertStoredNothing("jwt-as-other");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        refused(token(A, c -> c.issuer("https://elsewhere.test/")), 401, "invalid-token",
                "An error occurred while attempting to decode the Jwt: The iss claim is not valid", "wrong-issuer");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        refused(token(A, c -> c.audience("https://other-service.test/")), 401, "invalid-token", "aud",
                "wrong-audience");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant then = Instant.now().minus(Duration.ofMinutes(10));
        refused(token(A, c -> c.issueTime(Date.from(then)).expirationTime(Date.from(then.plusSeconds(120)))), 401,
                "invalid-token", "expired", "expired");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        refused(token(A, c -> c.expirationTime(null)), 401, "invalid-token", "exp", "no-expiry");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        // the same key id as the issuer's, another key: only the signature tells them apart
        RSAKey other = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        refused(sign(other, claims(A).build()), 401, "invalid-token", "signature", "other-key");
    }

    @Test
    void aKeyTheIssuerAddsIsFetchedAndAnIssuerThatCannotBeReachedIsAnswered503() throws Exception {
        // a token with a key id the hub has not seen makes it fetch the keys again: here the issuer is down
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("maskinporten-2").generate();
        issuer.stubFor(get(urlEqualTo("/jwk")).willReturn(aResponse().withStatus(503)));
        try {
            HttpResponse<String> down = refused(sign(rotated, claims(A).build()), 503, "token-keys-unavailable",
                    "later", "keys-down");
            assertThat(down.headers().firstValue("Retry-After")).contains("30");
        } finally {
            issuer.stubFor(get(urlEqualTo("/jwk")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(java.util.List.of(key.toPublicJWK(), rotated.toPublicJWK())).toString())));
        }
        // back up, publishing the new key beside the old one: tokens signed with either are accepted
        HttpResponse<String> sent = send(sign(rotated, claims(A).build()), A, "jwt-rotated");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(send(token(A, c -> { }), A, "jwt-old-key").statusCode()).isEqualTo(202);
    }

    @Test
    void aTokenWithoutTheScopeIsRefused() throws Exception {
        HttpResponse<String> response = refused(token(A, c -> c.claim("scope", "ks:fiks knutepunkt:annet")), 403,
                "insufficient-scope", SCOPE, "no-scope");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer").contains("error=\"insufficient_scope\"").contains("scope=\"" + SCOPE + "\"");
    }

    @Test
    void aTokenNamingNoOrganisationIsRefused() throws Exception {
        refused(token(A, c -> c.claim("consumer", Map.of("authority", "other-scheme", "ID", "0192:" + A))), 401,
                "invalid-token", "consumer", "no-orgnr");
    }

    @Test
    void aValidTokenOfAnOrganisationThatIsNotAMemberIsRefused() throws Exception {
        assertThat(Orgnr.isValid(NOT_A_MEMBER)).isTrue();
        HttpResponse<String> response = refused(token(NOT_A_MEMBER, c -> { }), 403, "not-a-member", NOT_A_MEMBER,
                "not-member");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void garbageIsRefusedAsAnInvalidToken() throws Exception {
        refused("not.a.jwt", 401, "invalid-token", "", "garbage");
    }

    @Test
    void aMembersTokenDoesNotOpenStaffPaths() throws Exception {
        HttpResponse<String> response = HTTP.send(bearer("/api/v1/dead-letters", token(A, c -> { }))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(response, 403)).isEqualTo("forbidden");
    }

    @Test
    void httpBasicStillWorksAndNoCredentialsAreAskedForWithBothSchemes() throws Exception {
        assertThat(hub.client(A).inbox().isArray()).isTrue();
        String[] operator = hub.staff("operator");
        assertThat(Multipart.get(hub.uri(), "/api/v1/dead-letters", operator[0], operator[1]).statusCode())
                .isEqualTo(200);

        HttpResponse<String> anonymous = Multipart.get(hub.uri(), "/api/v1/inbox", null, null);
        assertThat(problem(anonymous, 401)).isEqualTo("unauthenticated");
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .containsExactlyInAnyOrder("Basic realm=\"knutepunkt\"", "Bearer realm=\"knutepunkt\"");
    }

    @Test
    void theProtectedResourceMetadataNamesTheIssuerAndTheScope() throws Exception {
        HttpResponse<String> response = Multipart.get(hub.uri(), "/.well-known/oauth-protected-resource", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo(ISSUER);
        assertThat(metadata.path("scopes_supported").get(0).asText()).isEqualTo(SCOPE);
        assertThat(metadata.path("tls_client_certificate_bound_access_tokens").asBoolean()).isFalse();
    }

    /** Sends a message with the token; asserts the refusal, its problem and reason, and that nothing was stored. */
    private static HttpResponse<String> refused(String token, int status, String type, String reason,
                                                String klientMeldingId) throws Exception {
        HttpResponse<String> response = send(token, A, klientMeldingId);
        assertThat(problem(response, status)).isEqualTo(type);
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(reason)
                .doesNotContain("Exception").doesNotContain("\tat ");
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer").contains("error=\"invalid_token\"");
        }
        assertStoredNothing(klientMeldingId);
        return response;
    }

    private static void assertStoredNothing(String klientMeldingId) {
        assertThat(hub.count("select count(*) from melding where klient_melding_id = ?", klientMeldingId)).isZero();
    }

    private static String problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return JSON.readTree(response.body()).path("type").asText().replace("urn:knutepunkt:problem:", "");
    }

    private static HttpResponse<String> send(String token, String avsender, String klientMeldingId)
            throws Exception {
        HttpRequest.Builder request = Multipart.multipart(hub.uri(), "/api/v1/messages", Multipart.parts(
                metadata(avsender, B, klientMeldingId), hub.sign(avsender, "<jwt/>".getBytes(StandardCharsets.UTF_8))));
        return Multipart.send(request.header("Authorization", "Bearer " + token), null, null);
    }

    private static String metadata(String avsender, String mottaker, String klientMeldingId) {
        return "{\"avsender\":\"" + avsender + "\",\"mottakere\":[\"" + mottaker + "\"],"
                + "\"meldingType\":\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"" + klientMeldingId + "\","
                + "\"filnavn\":\"jwt.xml\"}";
    }

    private static java.util.List<String> inbox(String token) throws Exception {
        HttpResponse<String> response = HTTP.send(bearer("/api/v1/inbox", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode m : JSON.readTree(response.body())) {
            ids.add(m.path("meldingId").asText());
        }
        return ids;
    }

    private static HttpRequest.Builder bearer(String path, String token) {
        return HttpRequest.newBuilder(hub.uri().resolve(path)).header("Authorization", "Bearer " + token);
    }

    /** What Maskinporten issues for {@code orgnr}'s system, changed by {@code change}, signed by the issuer's key. */
    private static String token(String orgnr, Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        JWTClaimsSet.Builder claims = claims(orgnr);
        change.accept(claims);
        return sign(key, claims.build());
    }

    private static JWTClaimsSet.Builder claims(String orgnr) {
        Instant now = Instant.now();
        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put("authority", "iso6523-actorid-upis");
        consumer.put("ID", "0192:" + orgnr);
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).claim("scope", "ks:fiks " + SCOPE)
                .claim("consumer", consumer).claim("client_id", UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(RSAKey signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }
}
