package no.knutepunkt.hub.directory;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.api.QueryParameters;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.identity.Certificates;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.member.Orgnr;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/catalog?orgnr=...&protokoll=...}: a member's account as Fiks IO's catalog lookup gives it, so a
 * sender can check before sending: who it is and how it receives, the requests its system accepts by protocol
 * ({@link MemberAccepts}), and every certificate registered for it (two while it rotates its key), in PEM with
 * their validity, to encrypt to and to verify what it signs. A protocol it accepts nothing of is 404
 * {@code protocol-not-accepted}, as Fiks IO answers a lookup that finds no account for the protocol.
 */
@Component
public class CatalogRoute extends RouteBuilder {
    private final MemberRegistry registry;
    private final MemberRouting routing;
    private final Identities identities;
    private final ApiJson json;

    public CatalogRoute(MemberRegistry registry, MemberRouting routing, Identities identities, ApiJson json) {
        this.registry = registry;
        this.routing = routing;
        this.identities = identities;
        this.json = json;
    }

    /**
     * A member's account.
     *
     * @param kontoId        where to send it: its orgnr, as {@code mottakere} names it
     * @param gyldigAvsender whether it may send (every member may)
     * @param gyldigMottaker whether its system accepts any request (of the protocol asked for)
     */
    record Account(String kontoId, String orgnr, String name, String kommunenummer, String connector,
                   boolean gyldigAvsender, boolean gyldigMottaker, List<Protocol> protocols,
                   List<CertificateView> certificates) {
    }

    /** A protocol and the request types of it the member's system accepts. */
    record Protocol(String protocol, List<String> messageTypes) {
    }

    /** A registered certificate, {@code cert.pem} first. */
    record CertificateView(String subject, String serialNumber, String notBefore, String notAfter, boolean validNow,
                           String pem) {
        static CertificateView of(X509Certificate c, Instant now) {
            return new CertificateView(c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
                    c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(),
                    Certificates.validAt(c, now), Pem.toPem(c));
        }
    }

    @Override
    public void configure() {
        from("direct:catalog-lookup").routeId("catalog-lookup").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Message in = exchange.getMessage();
                    json.write(exchange, 200, lookup(in.getHeader("orgnr", String.class),
                            in.getHeader("protokoll", String.class)));
                });
    }

    Account lookup(String orgnrParameter, String protokollParameter) {
        String orgnr = QueryParameters.present(orgnrParameter).orElseThrow(() -> QueryParameters.invalid("orgnr",
                "orgnr, the organisation number of the member to look up, is required"));
        if (!Orgnr.isValid(orgnr)) {
            throw QueryParameters.invalid("orgnr", "orgnr must be a nine-digit organisation number that passes the"
                    + " MOD11 check");
        }
        Member member = registry.find(orgnr).orElseThrow(() -> Problem.notFound("no member has orgnr " + orgnr));
        MemberAccepts accepts = routing.accepts();
        Map<String, List<String>> accepted = accepts.acceptedByProtocol(orgnr);
        List<Protocol> protocols = accepted.entrySet().stream()
                .map(e -> new Protocol(e.getKey(), e.getValue())).toList();
        if (QueryParameters.present(protokollParameter).isPresent()) {
            String protokoll = protokollParameter.strip();
            if (!accepts.protocols().contains(protokoll)) {
                throw QueryParameters.invalid("protokoll", "protokoll must be one of " + accepts.protocols());
            }
            protocols = protocols.stream().filter(p -> p.protocol().equals(protokoll)).toList();
            if (protocols.isEmpty()) {
                throw new Problem(404, "protocol-not-accepted", "No account for that protocol",
                        orgnr + " (" + member.name() + ") accepts no message of " + protokoll)
                        .with("field", "protokoll");
            }
        }
        Instant now = Instant.now();
        return new Account(orgnr, orgnr, member.name(), member.kommunenummer(), routing.connectorOf(orgnr), true,
                !protocols.isEmpty(), protocols,
                identities.certificatesOf(orgnr).stream().map(c -> CertificateView.of(c, now)).toList());
    }
}
