package no.knutepunkt.hub.secretariat.agreement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Agreement versions and their parties' signatures. */
@Repository
public class AgreementStore {
    public static final String NOT_SIGNED = "NOT_SIGNED";
    public static final String SIGNED = "SIGNED";
    public static final String REFUSED = "REFUSED";
    private final JdbcClient jdbc;

    public AgreementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One version of an agreement. */
    public record Version(String id, int versjon, String noekkel, String tittel, LocalDate gyldigTil,
                          Optional<LocalDate> evalueringsdato, String filnavn, String mimeType, String sha256,
                          String distribusjonId, Optional<Instant> gyldigFra, String createdBy, Instant createdAt) {
    }

    /** A party to a version. */
    public record Party(String orgnr, String state, Optional<Instant> at, Optional<String> meldingId,
                        Optional<String> grunn) {
    }

    public void insert(Version v, byte[] dokument, List<String> parter) {
        jdbc.sql("""
                insert into avtale (id, versjon, noekkel, tittel, gyldig_til, evalueringsdato, filnavn, mime_type, sha256,
                    dokument, distribusjon_id, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(v.id(), v.versjon(), v.noekkel(), v.tittel(), v.gyldigTil(), v.evalueringsdato().orElse(null),
                        v.filnavn(), v.mimeType(), v.sha256(), dokument, v.distribusjonId(), v.createdBy(),
                        time(v.createdAt()))
                .update();
        for (String orgnr : parter) {
            jdbc.sql("insert into avtale_part (avtale_id, versjon, orgnr, state) values (?, ?, ?, ?)")
                    .params(v.id(), v.versjon(), orgnr, NOT_SIGNED).update();
        }
    }

    public Optional<Version> byKey(String noekkel) {
        return jdbc.sql("select * from avtale where noekkel = ?").param(noekkel).query(AgreementStore::version)
                .optional();
    }

    public Optional<Version> version(String id, int versjon) {
        return jdbc.sql("select * from avtale where id = ? and versjon = ?").params(id, versjon)
                .query(AgreementStore::version).optional();
    }

    /** Every version of an agreement, oldest first. */
    public List<Version> versions(String id) {
        return jdbc.sql("select * from avtale where id = ? order by versjon").param(id)
                .query(AgreementStore::version).list();
    }

    /** The ids of all agreements, newest first. */
    public List<String> ids() {
        return jdbc.sql("select id from avtale group by id order by max(created_at) desc").query(String.class).list();
    }

    public byte[] dokument(String id, int versjon) {
        return jdbc.sql("select dokument from avtale where id = ? and versjon = ?").params(id, versjon)
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    public List<Party> parties(String id, int versjon) {
        return jdbc.sql("select * from avtale_part where avtale_id = ? and versjon = ? order by orgnr")
                .params(id, versjon)
                .query((rs, n) -> new Party(rs.getString("orgnr"), rs.getString("state"),
                        Optional.ofNullable(rs.getObject("at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        Optional.ofNullable(rs.getString("melding_id")), Optional.ofNullable(rs.getString("grunn"))))
                .list();
    }

    public Optional<Party> party(String id, int versjon, String orgnr) {
        return parties(id, versjon).stream().filter(p -> p.orgnr().equals(orgnr)).findFirst();
    }

    /** Records a party's answer once; false if the party had answered already. */
    public boolean answer(String id, int versjon, String orgnr, String state, String meldingId, byte[] signatur,
                          String grunn) {
        return jdbc.sql("""
                        update avtale_part set state = ?, at = ?, melding_id = ?, signatur = ?, grunn = ?
                        where avtale_id = ? and versjon = ? and orgnr = ? and state = ?""")
                .params(state, time(Instant.now()), meldingId, signatur, grunn, id, versjon, orgnr, NOT_SIGNED)
                .update() == 1;
    }

    /** Puts a version in force if every party has signed and it is not in force yet; true if it did now. */
    public boolean putInForceIfAllSigned(String id, int versjon) {
        return jdbc.sql("""
                        update avtale set gyldig_fra = ? where id = ? and versjon = ? and gyldig_fra is null
                        and not exists (select 1 from avtale_part p where p.avtale_id = ? and p.versjon = ?
                                        and p.state <> ?)""")
                .params(time(Instant.now()), id, versjon, id, versjon, SIGNED).update() == 1;
    }

    private static Version version(ResultSet rs, int row) throws SQLException {
        return new Version(rs.getString("id"), rs.getInt("versjon"), rs.getString("noekkel"), rs.getString("tittel"),
                rs.getObject("gyldig_til", LocalDate.class),
                Optional.ofNullable(rs.getObject("evalueringsdato", LocalDate.class)), rs.getString("filnavn"),
                rs.getString("mime_type"), rs.getString("sha256"), rs.getString("distribusjon_id"),
                Optional.ofNullable(rs.getObject("gyldig_fra", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
