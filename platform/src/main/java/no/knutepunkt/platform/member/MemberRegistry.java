package no.knutepunkt.platform.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The members of the cooperation, loaded once from a CSV file with the header
 * {@code kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020}.
 * Loading refuses the whole file on the first bad line: an invalid organisation number,
 * a duplicate organisation or municipality number, or a region that is not configured.
 */
public final class MemberRegistry {
    static final List<String> HEADER =
            List.of("kommunenummer", "name", "orgnr", "region", "it_cooperation", "inhabitants_2020");

    private final Map<String, Member> byOrgnr;

    private MemberRegistry(Map<String, Member> byOrgnr) {
        this.byOrgnr = Collections.unmodifiableMap(byOrgnr);
    }

    /**
     * Reads a registry.
     *
     * @param source       a name for the source, used in error messages
     * @param csv          the CSV text
     * @param knownRegions the regions a member may belong to
     */
    public static MemberRegistry load(String source, Reader csv, Set<String> knownRegions) {
        Map<String, Member> members = new LinkedHashMap<>();
        Map<String, Integer> lineOfKommunenummer = new HashMap<>();
        Map<String, Integer> lineOfOrgnr = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(csv)) {
            String header = reader.readLine();
            if (header == null) {
                throw new RegistryException(source + ": the file is empty");
            }
            List<String> columns = List.of(stripBom(header).trim().split(",", -1));
            if (!columns.equals(HEADER)) {
                throw new RegistryException(source + " line 1: expected the header " + String.join(",", HEADER)
                        + " but found " + header);
            }
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Member member = parse(source, number, line, knownRegions);
                Integer earlier = lineOfOrgnr.putIfAbsent(member.orgnr(), number);
                if (earlier != null) {
                    throw new RegistryException(source + " line " + number + ": orgnr " + member.orgnr()
                            + " is already used on line " + earlier + ": " + line);
                }
                earlier = lineOfKommunenummer.putIfAbsent(member.kommunenummer(), number);
                if (earlier != null) {
                    throw new RegistryException(source + " line " + number + ": kommunenummer "
                            + member.kommunenummer() + " is already used on line " + earlier + ": " + line);
                }
                members.put(member.orgnr(), member);
            }
        } catch (IOException e) {
            throw new RegistryException(source + ": cannot be read: " + e.getMessage());
        }
        if (members.isEmpty()) {
            throw new RegistryException(source + ": no members");
        }
        return new MemberRegistry(members);
    }

    private static Member parse(String source, int number, String line, Set<String> knownRegions) {
        String[] f = line.split(",", -1);
        String where = source + " line " + number + ": ";
        if (f.length != HEADER.size()) {
            throw new RegistryException(where + "expected " + HEADER.size() + " fields but found " + f.length
                    + ": " + line);
        }
        String kommunenummer = f[0].trim();
        String name = f[1].trim();
        String orgnr = f[2].trim();
        String region = f[3].trim();
        String it = f[4].trim();
        if (!kommunenummer.matches("\\d{4}")) {
            throw new RegistryException(where + "kommunenummer '" + kommunenummer + "' is not four digits: " + line);
        }
        if (name.isEmpty()) {
            throw new RegistryException(where + "the name is empty: " + line);
        }
        if (!Orgnr.isValid(orgnr)) {
            throw new RegistryException(where + "orgnr '" + orgnr + "' is not a valid organisation number"
                    + " (nine digits with a MOD11 check digit): " + line);
        }
        if (!knownRegions.contains(region)) {
            throw new RegistryException(where + "region '" + region + "' is not one of the configured regions "
                    + knownRegions + ": " + line);
        }
        int inhabitants;
        try {
            inhabitants = Integer.parseInt(f[5].trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(where + "inhabitants '" + f[5].trim() + "' is not a whole number: " + line);
        }
        if (inhabitants < 0) {
            throw new RegistryException(where + "inhabitants must not be negative: " + line);
        }
        return new Member(kommunenummer, name, orgnr, region, it.isEmpty() ? Optional.empty() : Optional.of(it),
                inhabitants);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    public Optional<Member> find(String orgnr) {
        return Optional.ofNullable(byOrgnr.get(orgnr));
    }

    public boolean isMember(String orgnr) {
        return byOrgnr.containsKey(orgnr);
    }

    /** All members, in the order of the file. */
    public Collection<Member> all() {
        return byOrgnr.values();
    }

    public int size() {
        return byOrgnr.size();
    }

    /** Members of a region, in the order of the file. */
    public List<Member> inRegion(String region) {
        List<Member> result = new ArrayList<>();
        for (Member m : byOrgnr.values()) {
            if (m.region().equals(region)) {
                result.add(m);
            }
        }
        return result;
    }
}
