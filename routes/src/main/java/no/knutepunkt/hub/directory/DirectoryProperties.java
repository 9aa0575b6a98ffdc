package no.knutepunkt.hub.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The members and how deliveries reach each ({@code knutepunkt.members.*}, {@code knutepunkt.routing.*}).
 *
 * @param members the member registry
 * @param routing per member orgnr: which connector delivers to it, and its endpoint for push connectors;
 *                members not named here get their deliveries in the inbox
 */
@Validated
@ConfigurationProperties("knutepunkt")
public record DirectoryProperties(@DefaultValue @Valid Members members, Map<String, @Valid MemberRoute> routing) {

    public DirectoryProperties {
        routing = routing == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(routing));
    }

    /**
     * @param file    the registry CSV: a Spring resource location ({@code classpath:...} or {@code file:...})
     * @param regions the regions a member may belong to
     */
    public record Members(@DefaultValue("classpath:members/vestland.csv") @NotBlank String file,
                          @DefaultValue({"Bergen", "Bergensregionen", "Nordhordland", "Sunnhordland", "Hardanger/Voss",
                                  "Sogn/Sunnfjord", "Nordfjord"}) @NotEmpty Set<String> regions) {
    }

    /**
     * How deliveries reach one member.
     *
     * @param connector the connector that delivers to it ({@code inbox}, {@code fiksio}, {@code noark5}, ...)
     * @param endpoint  its endpoint, for push connectors
     * @param arkivdel  for {@code noark5}: the systemID of the arkivdel new saksmapper go to
     * @param token     for {@code noark5}: a bearer token for the archive's API, if it needs one
     * @param accepts   the requests its system takes from others: protocols ({@code no.ks.fiks.arkiv.v1}),
     *                  groups of types ({@code no.ks.fiks.arkiv.v1.innsyn}) or exact type ids; null (not set)
     *                  for every type the hub knows, empty for none (see {@link MemberAccepts})
     */
    public record MemberRoute(@DefaultValue("inbox") @NotBlank String connector, URI endpoint, String arkivdel,
                              String token, List<String> accepts) {
    }
}
