package no.knutepunkt.platform.protocol;

import static no.knutepunkt.platform.protocol.Samples.IKKEFUNNET;
import static no.knutepunkt.platform.protocol.Samples.OPPDATER;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_KVITTERING;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_MOTTATT;
import static no.knutepunkt.platform.protocol.Samples.SERVERFEIL;
import static no.knutepunkt.platform.protocol.Samples.SOK;
import static no.knutepunkt.platform.protocol.Samples.UGYLDIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTypesTest {
    private static final String TYPO = "no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel";
    private static final String SHORT_ARKIVMELDING = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding";

    private final MessageTypes types = MessageTypes.load();

    /** The ids in the bundled meldingstyper.json, found without the JSON reader under test. */
    private static List<String> specIds() {
        String json = new String(Samples.classpath("fiks-arkiv-v1/meldingstyper.json"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void knowsEveryTypeOfMeldingstyperJsonAndThePlatformsOwn() {
        List<String> ids = specIds();
        assertThat(ids).hasSize(28).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(types.find(id)).as(id).isPresent());
        assertThat(types.all()).hasSize(ids.size() + 2 + 9);
        assertThat(types.all()).extracting(MessageType::id)
                .containsAll(ids).contains(MessageTypes.TIDSAVBRUDD, MessageTypes.FIL);
        assertThat(types.all()).filteredOn(t -> t.id().startsWith("no.knutepunkt.v1."))
                .extracting(MessageType::id).containsExactly(MessageTypes.FIL,
                        MessageTypes.AVTALE_SIGNERING, MessageTypes.AVTALE_SIGNATUR, MessageTypes.AVTALE_AVSLAG,
                        MessageTypes.PROSJEKT_DOKUMENT, MessageTypes.PROSJEKT_DOKUMENT_MOTTATT,
                        MessageTypes.UNDERSOEKELSE, MessageTypes.UNDERSOEKELSE_SVAR, MessageTypes.FAKTURA,
                        MessageTypes.KREDITNOTA);
    }

    @Test
    void everyTypeBelongsToTheProtocolItsIdNames() {
        assertThat(specIds()).allSatisfy(id -> assertThat(MessageTypes.protocolOf(id)).isEqualTo("no.ks.fiks.arkiv.v1"));
        assertThat(MessageTypes.protocolOf(MessageTypes.AVTALE_SIGNERING)).isEqualTo("no.knutepunkt.v1");
        assertThat(MessageTypes.protocolOf(MessageTypes.FIL)).isEqualTo("no.knutepunkt.v1");
        assertThat(MessageTypes.protocolOf(MessageTypes.TIDSAVBRUDD)).isEqualTo("no.ks.fiks.kvittering");
        // a prefix without its dot is no protocol: "no.ks.fiks.arkiv.v10..." is not Fiks Arkiv v1
        assertThatThrownBy(() -> MessageTypes.protocolOf("no.ks.fiks.arkiv.v10.innsyn.sok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.ks.fiks.arkiv.v10.innsyn.sok");
    }

    @Test
    void isBuiltOnce() {
        assertThat(MessageTypes.load()).isSameAs(types);
    }

    @ParameterizedTest
    @CsvSource({
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett, REQUEST",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.mottatt, RECEIVED",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering, RECEIPT",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater, REQUEST",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater.kvittering, RECEIPT",
            "no.ks.fiks.arkiv.v1.innsyn.sok, REQUEST",
            "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.utvidet, RECEIPT",
            "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.minimum, RECEIPT",
            "no.ks.fiks.arkiv.v1.innsyn.mappe.hent.resultat, RECEIPT",
            "no.ks.fiks.arkiv.v1.innsyn.dokumentfil.hent.resultat, RECEIPT",
            "no.ks.fiks.arkiv.v1.feilmelding.serverfeil, ERROR",
            "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel, ERROR",
            "no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet, ERROR",
            "no.ks.fiks.kvittering.tidsavbrudd, NOTICE",
            "no.knutepunkt.v1.fil, REQUEST",
    })
    void kinds(String id, Kind kind) {
        assertThat(types.find(id)).get().extracting(MessageType::kind).isEqualTo(kind);
    }

    @Test
    void everySpecTypeWithAnswersIsARequestAndEveryOtherIsNot() {
        for (MessageType type : types.all()) {
            if (type.kind() == Kind.REQUEST) {
                assertThat(types.answersTo(type.id())).as(type.id()).isNotEmpty();
            } else {
                assertThat(types.answersTo(type.id())).as(type.id()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett, arkivmelding.xml",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater, arkivmelding.xml",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering, arkivmelding-kvittering.xml",
            "no.ks.fiks.arkiv.v1.innsyn.sok, sok.xml",
            "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.utvidet, resultat.xml",
            "no.ks.fiks.arkiv.v1.feilmelding.serverfeil, feilmelding.xml",
            "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel, feilmelding.xml",
            "no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet, feilmelding.xml",
    })
    void payloadFileNames(String id, String filename) {
        MessageType type = types.find(id).orElseThrow();
        assertThat(type.hasPayload()).isTrue();
        assertThat(type.payloadFilename()).contains(filename);
    }

    @Test
    void dokumentfilHentResultatIsAFileOfAnyNameWithoutSchema() {
        // payloadFilnavn "" in the spec: the document itself, whatever it is called
        MessageType type = types.find("no.ks.fiks.arkiv.v1.innsyn.dokumentfil.hent.resultat").orElseThrow();
        assertThat(type.hasPayload()).isTrue();
        assertThat(type.payloadFilename()).isEmpty();
        assertThat(type.schemaResource()).isEmpty();
    }

    @Test
    void typesWithoutPayloadHaveNoFileNameAndNoSchema() {
        for (String id : List.of(OPPRETT_MOTTATT, OPPDATER + ".kvittering", MessageTypes.TIDSAVBRUDD)) {
            MessageType type = types.find(id).orElseThrow();
            assertThat(type.hasPayload()).as(id).isFalse();
            assertThat(type.payloadFilename()).as(id).isEmpty();
            assertThat(type.schemaResource()).as(id).isEmpty();
        }
    }

    @Test
    void schemaResourceIsTheXsdNamedAfterTheType() {
        assertThat(types.find(OPPRETT).orElseThrow().schemaResource())
                .contains("fiks-arkiv-v1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd");
        assertThat(types.find(SERVERFEIL).orElseThrow().schemaResource())
                .contains("fiks-arkiv-v1/no.ks.fiks.arkiv.v1.feilmelding.serverfeil.xsd");
        for (MessageType type : types.all()) {
            type.schemaResource().ifPresent(resource -> {
                String base = type.id().startsWith("no.knutepunkt.v1.") ? "knutepunkt-v1/" : "fiks-arkiv-v1/";
                assertThat(resource).isEqualTo(base + type.id() + ".xsd");
                assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
            });
        }
        // every Fiks Arkiv type with payload but dokumentfil.hent.resultat has its XSD
        assertThat(types.all()).filteredOn(t -> t.hasPayload() && t.id().startsWith("no.ks.fiks.arkiv.")
                        && t.schemaResource().isEmpty())
                .extracting(MessageType::id).containsExactly("no.ks.fiks.arkiv.v1.innsyn.dokumentfil.hent.resultat");
    }

    @Test
    void theKodelisteXsdsHaveNoMessageType() {
        // The spec ships XSDs for innsyn.kodeliste.hent[.resultat], but meldingstyper.json has no such types.
        String id = "no.ks.fiks.arkiv.v1.innsyn.kodeliste.hent";
        assertThat(getClass().getClassLoader().getResource("fiks-arkiv-v1/" + id + ".xsd")).isNotNull();
        assertThat(getClass().getClassLoader().getResource("fiks-arkiv-v1/" + id + ".resultat.xsd")).isNotNull();
        assertThat(types.find(id)).isEmpty();
        assertThat(types.find(id + ".resultat")).isEmpty();
    }

    @Test
    void opprettIsAnsweredByItsOwnRepliesAndTheFeilmeldinger() {
        assertThat(types.canAnswer(OPPRETT, OPPRETT_MOTTATT)).isTrue();
        assertThat(types.canAnswer(OPPRETT, OPPRETT_KVITTERING)).isTrue();
        assertThat(types.canAnswer(OPPRETT, UGYLDIG)).as("the typo case").isTrue();
        assertThat(types.canAnswer(OPPRETT, SERVERFEIL)).isTrue();
        assertThat(types.answersTo(OPPRETT))
                .containsExactlyInAnyOrder(OPPRETT_MOTTATT, OPPRETT_KVITTERING, UGYLDIG, SERVERFEIL);
    }

    @Test
    void opprettIsNotAnsweredByOtherTypesReplies() {
        assertThat(types.canAnswer(OPPRETT, OPPDATER + ".kvittering")).isFalse();
        assertThat(types.canAnswer(OPPRETT, SOK + ".resultat.utvidet")).isFalse();
        assertThat(types.canAnswer(OPPRETT, OPPRETT)).isFalse();
        assertThat(types.canAnswer(OPPRETT, IKKEFUNNET)).isFalse();
        assertThat(types.canAnswer(OPPRETT, MessageTypes.TIDSAVBRUDD)).isFalse();
    }

    @Test
    void sokIsAnsweredByItsThreeResultatTypesAndTheFeilmeldinger() {
        assertThat(types.answersTo(SOK)).containsExactlyInAnyOrder(
                SOK + ".resultat.utvidet", SOK + ".resultat.minimum", SOK + ".resultat.noekler",
                UGYLDIG, SERVERFEIL, IKKEFUNNET);
        assertThat(types.canAnswer(SOK, OPPRETT_KVITTERING)).isFalse();
        assertThat(types.canAnswer(SOK, "no.ks.fiks.arkiv.v1.innsyn.mappe.hent.resultat")).isFalse();
    }

    @Test
    void eitherListSuffices() {
        // dokumentobjekt.opprett.kvittering is only in its own erSvarPaa, not in the request's kanSvareMed
        assertThat(types.canAnswer("no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett",
                "no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett.kvittering")).isTrue();
        // ikkefunnet is in sok's kanSvareMed, but sok is not in ikkefunnet's erSvarPaa
        assertThat(types.canAnswer(SOK, IKKEFUNNET)).isTrue();
    }

    @Test
    void unknownOrMisplacedTypesAnswerNothing() {
        assertThat(types.canAnswer(OPPRETT, TYPO)).as("the typo is not a type").isFalse();
        assertThat(types.find(TYPO)).isEmpty();
        assertThat(types.find(SHORT_ARKIVMELDING)).isEmpty();
        assertThat(types.canAnswer(SHORT_ARKIVMELDING, SERVERFEIL)).isFalse();
        assertThat(types.canAnswer(OPPRETT_KVITTERING, OPPRETT)).as("the wrong way round").isFalse();
        assertThat(types.canAnswer("no.such.type", SERVERFEIL)).isFalse();
        assertThat(types.canAnswer(null, SERVERFEIL)).isFalse();
        assertThat(types.canAnswer(OPPRETT, null)).isFalse();
        assertThat(types.find(null)).isEmpty();
    }

    @Test
    void thePlatformsOwnTypes() {
        assertThat(types.find(MessageTypes.TIDSAVBRUDD)).contains(new MessageType(
                "no.ks.fiks.kvittering.tidsavbrudd", Kind.NOTICE, false, Optional.empty(), Optional.empty()));
        assertThat(types.find(MessageTypes.FIL)).contains(new MessageType(
                "no.knutepunkt.v1.fil", Kind.REQUEST, true, Optional.empty(), Optional.empty()));
        assertThat(types.answersTo(MessageTypes.FIL)).containsExactlyInAnyOrder(SERVERFEIL, UGYLDIG);
        assertThat(types.canAnswer(MessageTypes.FIL, OPPRETT_KVITTERING)).isFalse();
    }

    @Test
    void theSpecStillHasItsTwoQuirks() {
        // Pins the quirks of the bundled meldingstyper.json; if KS fixes them, revisit MessageTypes.QUIRKS.
        String json = new String(Samples.classpath("fiks-arkiv-v1/meldingstyper.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"" + TYPO + "\"");
        assertThat(json).contains("\"erSvarPaa\": [\"" + SHORT_ARKIVMELDING + "\"");
        assertThat(json).contains("\"payloadFilnavn\": \"\"");
        assertThat(MessageTypes.QUIRKS).containsEntry(TYPO, UGYLDIG).containsEntry(SHORT_ARKIVMELDING, OPPRETT);
    }

    @Test
    void theQuirksAreNormalisedInBothLists() {
        // A request that lists no answers itself: the answers come only from the replies' erSvarPaa.
        String json = """
                {"meldingstyper": [
                  {"id": "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett", "harPayload": true,
                   "payloadFilnavn": "arkivmelding.xml", "kanSvareMed": ["%s"]},
                  {"id": "no.ks.fiks.arkiv.v1.feilmelding.serverfeil", "harPayload": true,
                   "payloadFilnavn": "feilmelding.xml", "erSvarPaa": ["%s"]},
                  {"id": "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel", "harPayload": true,
                   "payloadFilnavn": "feilmelding.xml", "erSvarPaa": []}
                ]}""".formatted(TYPO, SHORT_ARKIVMELDING);
        MessageTypes parsed = MessageTypes.parse(json, resource -> false);
        assertThat(parsed.canAnswer(OPPRETT, SERVERFEIL)).as("via erSvarPaa ...arkivmelding").isTrue();
        assertThat(parsed.canAnswer(OPPRETT, UGYLDIG)).as("via kanSvareMed no.ks.fik...").isTrue();
        assertThat(parsed.find(OPPRETT).orElseThrow().schemaResource()).isEmpty();
    }

    @Test
    void anyOtherUnknownReferenceFailsLoading() {
        String json = """
                {"meldingstyper": [
                  {"id": "no.ks.fiks.arkiv.v1.innsyn.sok", "harPayload": true, "payloadFilnavn": "sok.xml",
                   "kanSvareMed": ["no.ks.fiks.arkiv.v1.innsyn.sok.resultat.nytt"]}
                ]}""";
        assertThatThrownBy(() -> MessageTypes.parse(json, resource -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no.ks.fiks.arkiv.v1.innsyn.sok.resultat.nytt");
    }

    @Test
    void aReplyListedAsARequestFailsLoading() {
        String json = """
                {"meldingstyper": [
                  {"id": "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.utvidet", "harPayload": true,
                   "payloadFilnavn": "resultat.xml", "kanSvareMed": []}
                ]}""";
        assertThatThrownBy(() -> MessageTypes.parse(json, resource -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kanSvareMed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"meldingstyper\": [", "{\"meldingstyper\": [{\"id\": \"a\", \"id\": \"b\"}]}",
            "{\"meldingstyper\": [{\"harPayload\": false}]}", "{\"meldingstyper\": {}}", "{} {}", "{}"})
    void aBrokenSpecFileFailsLoadingNamingIt(String json) {
        assertThatThrownBy(() -> MessageTypes.parse(json, resource -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(MessageTypes.MELDINGSTYPER + ": ");
    }

    @ParameterizedTest
    @CsvSource({
            "no.ks.fiks.arkiv.v1.innsyn.sok, REQUEST",
            "no.ks.fiks.arkiv.v1.innsyn.sok.resultat, RECEIPT",
            "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.noekler, RECEIPT",
            "no.ks.fiks.arkiv.v1.arkivering.avskrivning.slett.kvittering, RECEIPT",
            "no.ks.fiks.arkiv.v1.arkivering.avskrivning.slett.mottatt, RECEIVED",
            "no.ks.fiks.arkiv.v1.feilmelding.ny, ERROR",
            "no.ks.fiks.arkiv.v1.innsyn.resultatliste.hent, REQUEST",
    })
    void kindOfId(String id, Kind kind) {
        assertThat(MessageTypes.kindOf(id)).isEqualTo(kind);
    }

    @Test
    void messageTypeRefusesAFileNameOrSchemaWithoutPayload() {
        assertThatThrownBy(() -> new MessageType("x", Kind.RECEIVED, false, Optional.of("a.xml"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageType("x", Kind.RECEIVED, false, Optional.empty(), Optional.of("a.xsd")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
