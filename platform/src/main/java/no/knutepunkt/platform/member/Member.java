package no.knutepunkt.platform.member;

import java.util.Optional;

/**
 * One member of the cooperation: a municipality with its organisation number.
 *
 * @param kommunenummer the four-digit municipality number
 * @param name          the municipality's name
 * @param orgnr         the nine-digit organisation number (MOD11-valid)
 * @param region        the region it belongs to in the cooperation
 * @param itCooperation the IT cooperation it is part of, if any (e.g. "IKT Nordhordland")
 * @param inhabitants   inhabitants on 1 January 2020
 */
public record Member(String kommunenummer, String name, String orgnr, String region,
                     Optional<String> itCooperation, int inhabitants) {
}
