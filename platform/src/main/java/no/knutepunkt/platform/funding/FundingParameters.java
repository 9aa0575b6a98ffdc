package no.knutepunkt.platform.funding;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import no.knutepunkt.platform.member.Orgnr;

/**
 * The parameters of the base funding ("grunnfinansiering") for one year. All amounts are in øre.
 *
 * @param year                the year the funding is for
 * @param fixedPerMemberOre   the fixed amount every member pays ("fast grunnbeløp", 100 000 kr in the seed)
 * @param perInhabitantOre    the amount per inhabitant ("kr 20 per innbyggjar" in the seed)
 * @param maxPerMemberOre     the maximum one member pays ("maksimumsgrense", 500 000 kr in the seed)
 * @param selfFinancingOrgnrs members that finance their share themselves and get no invoice (Bergen in the seed)
 * @param jointPayers         IT cooperation name to the organisation number of the member that pays for all
 *                            members of that cooperation, e.g. {@code "IKT Nordhordland" -> "994631004"} (Alver)
 */
public record FundingParameters(int year, long fixedPerMemberOre, long perInhabitantOre, long maxPerMemberOre,
                                Set<String> selfFinancingOrgnrs, Map<String, String> jointPayers) {

    public FundingParameters {
        if (fixedPerMemberOre < 0 || perInhabitantOre < 0 || maxPerMemberOre < 0) {
            throw new IllegalArgumentException("funding amounts must not be negative: fixed " + fixedPerMemberOre
                    + ", per inhabitant " + perInhabitantOre + ", max " + maxPerMemberOre);
        }
        selfFinancingOrgnrs = Set.copyOf(Objects.requireNonNull(selfFinancingOrgnrs, "selfFinancingOrgnrs"));
        jointPayers = Map.copyOf(Objects.requireNonNull(jointPayers, "jointPayers"));
        for (String orgnr : selfFinancingOrgnrs) {
            if (!Orgnr.isValid(orgnr)) {
                throw new IllegalArgumentException("self-financing orgnr '" + orgnr + "' is not a valid organisation number");
            }
        }
        for (Map.Entry<String, String> e : jointPayers.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new IllegalArgumentException("joint payer for a blank IT cooperation name");
            }
            if (!Orgnr.isValid(e.getValue())) {
                throw new IllegalArgumentException("joint payer of '" + e.getKey() + "': '" + e.getValue()
                        + "' is not a valid organisation number");
            }
        }
    }

    /**
     * The parameters of section 4 of the cooperation agreement: 100 000 kr fixed, 20 kr per inhabitant, at most
     * 500 000 kr per member, with the given self-financing members and joint payers.
     */
    public static FundingParameters agreement(int year, Set<String> selfFinancingOrgnrs,
                                              Map<String, String> jointPayers) {
        return new FundingParameters(year, 100_000_00L, 20_00L, 500_000_00L, selfFinancingOrgnrs, jointPayers);
    }
}
