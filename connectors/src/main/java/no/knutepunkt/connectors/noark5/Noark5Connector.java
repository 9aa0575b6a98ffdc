package no.knutepunkt.connectors.noark5;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.HttpCalls;
import no.knutepunkt.connectors.noark5.Arkivmelding.Dokumentbeskrivelse;
import no.knutepunkt.connectors.noark5.Arkivmelding.EksternNoekkel;
import no.knutepunkt.connectors.noark5.Arkivmelding.Kode;
import no.knutepunkt.connectors.noark5.Arkivmelding.Korrespondansepart;
import no.knutepunkt.connectors.noark5.Arkivmelding.Mappe;
import no.knutepunkt.connectors.noark5.Arkivmelding.Registrering;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Archives a Fiks Arkiv {@code arkivmelding} ({@value #OPPRETT}) in a member's Noark 5 archive
 * through its Noark 5 v5 tjenestegrensesnitt, on the recipient's behalf, and answers the sender
 * with the archive's {@code arkivmeldingKvittering}
 * ({@code no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering}, {@code arkivmelding-kvittering.xml}),
 * valid against the Fiks Arkiv v1 kvittering schema as long as the archive's systemIDs are UUIDs
 * (as Noark 5 v5 has them; one that is not is kept, and noted).
 *
 * <p>From the arkivmelding in {@link Delivery#content()} it creates, in this order: the
 * {@code mappe} as a saksmappe in the client's arkivdel; the {@code registrering} as a journalpost in
 * that saksmappe (or in the saksmappe its {@code referanseForelderMappe} names by systemID, or else
 * in the arkivdel); and per {@code dokumentbeskrivelse} a dokumentbeskrivelse, one dokumentobjekt
 * and that dokumentobjekt's file.
 *
 * <p><b>Limitations.</b>
 * <ul>
 *   <li>The hub carries one payload file, so the file uploaded to every dokumentobjekt is the
 *       arkivmelding.xml payload itself ({@code application/xml}, format {@code fmt/101} XML 1.0,
 *       variantformat P Produksjonsformat), named after the sender's {@code referanseDokumentfil}
 *       (else its {@code filnavn}, else the payload's file name). The documents an arkivmelding
 *       refers to as separate files (a PDF hoveddokument, vedlegg) are not carried and so not
 *       archived; sending them is not supported yet.</li>
 *   <li>Only a saksmappe (or plain mappe) and a journalpost (or plain registrering) are archived;
 *       moetemappe, arkivnotat, moetesak, moetedokument, undermapper and a referanseForelderMappe
 *       without systemID are refused (permanently). A mappe is always created new (kvittering
 *       {@code Opprettet}); a systemID in the arkivmelding's mappe is not looked up. Parts, merknader,
 *       klassifikasjon, kryssreferanser and virksomhetsspesifikke metadata are not passed on.
 *       Skjerming and gradering (on the mappe, the registrering or a dokumentbeskrivelse) and
 *       skjermede korrespondanseparter are not passed on either, so an arkivmelding that has them is
 *       refused (permanently) rather than archived unscreened.</li>
 *   <li>Korrespondanseparter go inline in the journalpost ({@code korrespondansepart: [...]}), not
 *       through the {@code ny-korrespondansepart*} relations; an archive that only takes the latter
 *       ignores or refuses them.</li>
 *   <li>The calls are not idempotent. If a later step fails after an earlier one succeeded, the
 *       failure (temporary or permanent) names what the archive already holds; trying again creates
 *       the saksmappe and journalpost again.</li>
 * </ul>
 */
public final class Noark5Connector implements Connector {
    public static final String NAME = "noark5";
    public static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    static final String FILE_TYPE = "application/xml";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Noark5Client client;

    public Noark5Connector(Noark5Client client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        if (!OPPRETT.equals(delivery.meldingType())) {
            throw DeliveryException.permanent(NAME + " archives only " + OPPRETT + ", not " + delivery.meldingType());
        }
        byte[] payload = delivery.content().bytes();
        Arkivmelding arkivmelding = Arkivmelding.parse(payload);
        if (arkivmelding.mappe().isEmpty() && arkivmelding.registrering().isEmpty()) {
            throw DeliveryException.permanent("arkivmelding has neither a mappe nor a registrering");
        }
        Progress progress = new Progress();
        try {
            return archive(arkivmelding, payload, delivery.filnavn(), progress);
        } catch (DeliveryException e) {
            if (progress.created.isEmpty()) {
                throw e;
            }
            String message = e.getMessage() + " (the archive already holds " + String.join(", ", progress.created)
                    + "; trying again creates them again)";
            String shown = e.shown() + " (the archive already holds part of it)";
            throw e.isTransient() ? DeliveryException.temporary(message, shown, e)
                    : DeliveryException.permanent(message, shown);
        }
    }

    private DeliveryResult archive(Arkivmelding arkivmelding, byte[] payload, String payloadName, Progress progress)
            throws DeliveryException {
        List<String> notes = new ArrayList<>();
        Optional<ArkivmeldingKvittering.Saksmappe> saksmappe = Optional.empty();
        Optional<ArkivmeldingKvittering.Journalpost> journalpost = Optional.empty();

        Optional<String> saksmappeId = Optional.empty();
        if (arkivmelding.mappe().isPresent()) {
            Mappe mappe = arkivmelding.mappe().get();
            JsonNode answer = client.nySaksmappe(saksmappe(mappe));
            String id = systemId(answer, "saksmappe", progress);
            progress.created.add("saksmappe " + id);
            saksmappeId = Optional.of(id);
            notes.add("Noark 5: saksmappe " + id
                    + ArkivmeldingKvittering.text(answer, "mappeID").map(m -> " (mappeID " + m + ")").orElse(""));
            saksmappe = Optional.of(new ArkivmeldingKvittering.Saksmappe(answer, mappe.referanseEksternNoekkel()));
        }

        if (arkivmelding.registrering().isPresent()) {
            Registrering registrering = arkivmelding.registrering().get();
            ObjectNode body = journalpost(registrering);
            Optional<String> parent = saksmappeId.or(registrering::referanseForelderMappeSystemId);
            JsonNode answer = parent.isPresent()
                    ? client.nyJournalpost(parent.get(), body)
                    : client.nyJournalpostIArkivdel(body);
            String id = systemId(answer, "journalpost", progress);
            progress.created.add("journalpost " + id);
            notes.add("Noark 5: journalpost " + journalpostnummer(answer).map(n -> n + " (" + id + ")").orElse(id));

            List<ArkivmeldingKvittering.Dokument> dokumenter = new ArrayList<>();
            for (Dokumentbeskrivelse d : registrering.dokumentbeskrivelser()) {
                JsonNode beskrivelse = client.nyDokumentbeskrivelse(id, dokumentbeskrivelse(d));
                String beskrivelseId = systemId(beskrivelse, "dokumentbeskrivelse", progress);
                progress.created.add("dokumentbeskrivelse " + beskrivelseId);
                String filnavn = d.dokumentobjekt().flatMap(o -> o.referanseDokumentfil().or(o::filnavn))
                        .orElse(payloadName);
                JsonNode objekt = client.nyDokumentobjekt(beskrivelseId, dokumentobjekt(filnavn));
                String objektId = systemId(objekt, "dokumentobjekt", progress);
                progress.created.add("dokumentobjekt " + objektId + " without its file");
                client.lastOppFil(objektId, payload, FILE_TYPE);
                progress.created.set(progress.created.size() - 1, "dokumentobjekt " + objektId);
                notes.add("Noark 5: dokumentbeskrivelse " + beskrivelseId + ", dokumentobjekt " + objektId
                        + " with the arkivmelding payload as " + filnavn + " (" + payload.length + " bytes)");
                dokumenter.add(new ArkivmeldingKvittering.Dokument(beskrivelse, d.dokumentnummer(), objekt));
            }
            journalpost = Optional.of(new ArkivmeldingKvittering.Journalpost(answer,
                    registrering.referanseEksternNoekkel(), List.copyOf(dokumenter)));
        }

        for (String id : progress.systemIds) {
            if (!ArkivmeldingKvittering.isUuid(id)) {
                notes.add("Noark 5: systemID " + id + " is not a UUID; the kvittering does not validate "
                        + "against the Fiks Arkiv schema");
            }
        }
        byte[] kvittering = ArkivmeldingKvittering.write(saksmappe, journalpost);
        return DeliveryResult.delivered(notes.toArray(String[]::new)).withReply(new DeliveryResult.Reply(
                ArkivmeldingKvittering.MELDINGTYPE, ArkivmeldingKvittering.FILNAVN, kvittering));
    }

    private static String systemId(JsonNode answer, String what, Progress progress) throws DeliveryException {
        String id = ArkivmeldingKvittering.text(answer, "systemID").orElseThrow(() -> DeliveryException.permanent(
                "the archive created a " + what + " but its answer has no systemID" + HttpCalls.abbreviate(
                        answer.toString()), "the recipient's archive did not say what it created"));
        progress.systemIds.add(id);
        return id;
    }

    /** {@code journalaar/journalsekvensnummer}, if the archive gave both. */
    private static Optional<String> journalpostnummer(JsonNode answer) {
        Optional<Integer> aar = ArkivmeldingKvittering.integer(answer, "journalaar");
        Optional<Integer> sekvens = ArkivmeldingKvittering.integer(answer, "journalsekvensnummer");
        return aar.isPresent() && sekvens.isPresent() ? Optional.of(aar.get() + "/" + sekvens.get()) : Optional.empty();
    }

    static ObjectNode saksmappe(Mappe m) {
        ObjectNode n = NODES.objectNode();
        m.tittel().ifPresent(v -> n.put("tittel", v));
        m.offentligTittel().ifPresent(v -> n.put("offentligTittel", v));
        m.saksdato().ifPresent(v -> n.put("saksdato", v));
        m.administrativEnhet().ifPresent(v -> n.put("administrativEnhet", v));
        m.saksansvarlig().ifPresent(v -> n.put("saksansvarlig", v));
        m.referanseEksternNoekkel().ifPresent(k -> n.set("referanseEksternNoekkel", eksternNoekkel(k)));
        return n;
    }

    static ObjectNode journalpost(Registrering r) {
        ObjectNode n = NODES.objectNode();
        n.put("tittel", r.tittel());
        r.offentligTittel().ifPresent(v -> n.put("offentligTittel", v));
        r.journalposttype().ifPresent(k -> n.set("journalposttype", kode(k)));
        r.journalstatus().ifPresent(k -> n.set("journalstatus", kode(k)));
        r.dokumentetsDato().ifPresent(v -> n.put("dokumentetsDato", v));
        if (!r.korrespondanseparter().isEmpty()) {
            ArrayNode parter = n.putArray("korrespondansepart");
            for (Korrespondansepart k : r.korrespondanseparter()) {
                ObjectNode p = parter.addObject();
                p.set("korrespondanseparttype", kode(k.korrespondanseparttype()));
                p.put("korrespondansepartNavn", k.korrespondansepartNavn());
                k.organisasjonid().ifPresent(v -> p.put("organisasjonsnummer", v));
                k.personid().ifPresent(v -> p.put("foedselsnummer", v));
                if (!k.postadresse().isEmpty()) {
                    ArrayNode adresse = p.putArray("postadresse");
                    k.postadresse().forEach(adresse::add);
                }
                k.postnummer().ifPresent(v -> p.put("postnummer", v));
                k.poststed().ifPresent(v -> p.put("poststed", v));
                k.epostadresse().ifPresent(v -> p.put("epostadresse", v));
                k.kontaktperson().ifPresent(v -> p.put("kontaktperson", v));
            }
        }
        r.referanseEksternNoekkel().ifPresent(k -> n.set("referanseEksternNoekkel", eksternNoekkel(k)));
        return n;
    }

    static ObjectNode dokumentbeskrivelse(Dokumentbeskrivelse d) {
        ObjectNode n = NODES.objectNode();
        n.put("tittel", d.tittel());
        d.dokumenttype().ifPresent(k -> n.set("dokumenttype", kode(k)));
        d.dokumentstatus().ifPresent(k -> n.set("dokumentstatus", kode(k)));
        d.tilknyttetRegistreringSom().ifPresent(k -> n.set("tilknyttetRegistreringSom", kode(k)));
        d.dokumentnummer().ifPresent(v -> n.put("dokumentnummer", v));
        return n;
    }

    /** The dokumentobjekt of the uploaded file, described as what it is: the arkivmelding XML. */
    static ObjectNode dokumentobjekt(String filnavn) {
        ObjectNode n = NODES.objectNode();
        n.put("versjonsnummer", 1);
        n.set("variantformat", kode(new Kode("P", Optional.of("Produksjonsformat"))));
        n.set("format", kode(new Kode("fmt/101", Optional.of("Extensible Markup Language 1.0"))));
        n.put("mimeType", FILE_TYPE);
        n.put("filnavn", filnavn);
        return n;
    }

    private static ObjectNode kode(Kode k) {
        ObjectNode n = NODES.objectNode();
        n.put("kode", k.kode());
        k.beskrivelse().ifPresent(v -> n.put("kodenavn", v));
        return n;
    }

    private static ObjectNode eksternNoekkel(EksternNoekkel k) {
        ObjectNode n = NODES.objectNode();
        n.put("fagsystem", k.fagsystem());
        n.put("noekkel", k.noekkel());
        return n;
    }

    /** What this delivery has created in the archive so far, for the message of a later failure. */
    private static final class Progress {
        final List<String> created = new ArrayList<>();
        final List<String> systemIds = new ArrayList<>();
    }
}
