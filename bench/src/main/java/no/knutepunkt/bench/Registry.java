package no.knutepunkt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import no.knutepunkt.platform.member.Orgnr;

/**
 * The member registry the bench hub runs with: the 43 Vestland members of the project's own
 * registry, then synthetic municipalities (MOD11-valid orgnrs, as DistributionScaleTest makes
 * them) up to the wanted size (357 = all of Norway's municipalities).
 */
public final class Registry {
    private static final List<String> REGIONS = List.of("Bergen", "Bergensregionen", "Nordhordland", "Sunnhordland",
            "Hardanger/Voss", "Sogn/Sunnfjord", "Nordfjord");
    public final List<String> vestland = new ArrayList<>();
    public final List<String> synthetic = new ArrayList<>();
    public final String csv;

    public Registry(Path vestlandCsv, int size) throws IOException {
        List<String> lines = Files.readAllLines(vestlandCsv);
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            out.append(line).append('\n');
            vestland.add(line.split(",", -1)[2]);
        }
        int made = 0;
        for (int base = 97_000_000; vestland.size() + made < size; base++) {
            String orgnr = Orgnr.withCheckDigit(Integer.toString(base)).orElse(null);
            if (orgnr == null) {
                continue;
            }
            made++;
            synthetic.add(orgnr);
            out.append(String.format("%04d,Benchkommune %d,%s,%s,,%d%n", made, made, orgnr,
                    REGIONS.get(made % REGIONS.size()), 1000 + made));
        }
        csv = out.toString();
    }

    public List<String> all() {
        List<String> all = new ArrayList<>(vestland);
        all.addAll(synthetic);
        return all;
    }
}
