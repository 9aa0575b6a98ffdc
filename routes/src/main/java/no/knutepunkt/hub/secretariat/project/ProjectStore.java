package no.knutepunkt.hub.secretariat.project;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The project portfolio. */
@Repository
public class ProjectStore {
    private final JdbcClient jdbc;

    public ProjectStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A shared project. */
    public record Project(String id, String noekkel, String namn, String prosjekteigar, String mandat, long budsjettNok,
                          String status, String createdBy, Instant createdAt) {
    }

    /** A document added to a project. */
    public record Document(String noekkel, int nummer, String tittel, String filnavn, String distribusjonId,
                           Instant createdAt) {
    }

    public void insert(Project p, List<String> deltakarar) {
        jdbc.sql("""
                insert into prosjekt (id, noekkel, namn, prosjekteigar, mandat, budsjett_nok, status, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.noekkel(), p.namn(), p.prosjekteigar(), p.mandat(), p.budsjettNok(), p.status(),
                        p.createdBy(), time(p.createdAt()))
                .update();
        for (String orgnr : deltakarar) {
            jdbc.sql("insert into prosjekt_deltakar (prosjekt_id, orgnr) values (?, ?)").params(p.id(), orgnr).update();
        }
    }

    public Optional<Project> find(String id) {
        return jdbc.sql("select * from prosjekt where id = ?").param(id).query(ProjectStore::project).optional();
    }

    public Optional<Project> byKey(String noekkel) {
        return jdbc.sql("select * from prosjekt where noekkel = ?").param(noekkel).query(ProjectStore::project)
                .optional();
    }

    public List<Project> list() {
        return jdbc.sql("select * from prosjekt order by created_at").query(ProjectStore::project).list();
    }

    public List<String> participants(String id) {
        return jdbc.sql("select orgnr from prosjekt_deltakar where prosjekt_id = ? order by orgnr").param(id)
                .query(String.class).list();
    }

    public boolean setStatus(String id, String status) {
        return jdbc.sql("update prosjekt set status = ? where id = ?").params(status, id).update() == 1;
    }

    public List<Document> documents(String id) {
        return jdbc.sql("select * from prosjekt_dokument where prosjekt_id = ? order by nummer").param(id)
                .query((rs, n) -> new Document(rs.getString("noekkel"), rs.getInt("nummer"), rs.getString("tittel"),
                        rs.getString("filnavn"), rs.getString("distribusjon_id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    public Optional<Document> document(String id, String noekkel) {
        return documents(id).stream().filter(d -> d.noekkel().equals(noekkel)).findFirst();
    }

    public void addDocument(String id, Document d, byte[] innhold) {
        jdbc.sql("""
                insert into prosjekt_dokument (prosjekt_id, noekkel, nummer, tittel, filnavn, distribusjon_id, innhold,
                    created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, d.noekkel(), d.nummer(), d.tittel(), d.filnavn(), d.distribusjonId(), innhold,
                        time(d.createdAt()))
                .update();
    }

    public Optional<byte[]> content(String id, String noekkel) {
        return jdbc.sql("select innhold from prosjekt_dokument where prosjekt_id = ? and noekkel = ?")
                .params(id, noekkel).query((rs, n) -> rs.getBytes(1)).optional();
    }

    private static Project project(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("noekkel"), rs.getString("namn"),
                rs.getString("prosjekteigar"), rs.getString("mandat"), rs.getLong("budsjett_nok"),
                rs.getString("status"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
