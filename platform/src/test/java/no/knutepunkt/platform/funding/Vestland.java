package no.knutepunkt.platform.funding;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;

/** The real member list and the parameters of section 4 of the agreement, for the funding tests. */
final class Vestland {
    static final Path CSV = Path.of("../config/members/vestland.csv");
    static final Set<String> REGIONS = Set.of("Bergen", "Bergensregionen", "Nordhordland", "Sunnhordland",
            "Hardanger/Voss", "Sogn/Sunnfjord", "Nordfjord");
    static final String BERGEN = "994601008";
    static final String ALVER = "994631004";
    static final String IKT_NORDHORDLAND = "IKT Nordhordland";

    private Vestland() {
    }

    static MemberRegistry members() {
        try (Reader reader = Files.newBufferedReader(CSV, StandardCharsets.UTF_8)) {
            return MemberRegistry.load("vestland.csv", reader, REGIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Member named(MemberRegistry registry, String name) {
        return registry.all().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no member named " + name));
    }

    /** 100 000 kr fixed, 20 kr per inhabitant, at most 500 000 kr, Bergen self-financing, no joint payer. */
    static FundingParameters withoutJointPayers() {
        return FundingParameters.agreement(2021, Set.of(BERGEN), Map.of());
    }

    /** As {@link #withoutJointPayers()}, with IKT Nordhordland paid jointly by Alver. */
    static FundingParameters agreement() {
        return FundingParameters.agreement(2021, Set.of(BERGEN), Map.of(IKT_NORDHORDLAND, ALVER));
    }
}
