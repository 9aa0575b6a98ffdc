package no.knutepunkt.client;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The default of --hub: the environment variable KNUTEPUNKT_HUB if set, else http://localhost:8080. */
final class HubDefault implements IDefaultValueProvider {
    private final Map<String, String> environment;

    HubDefault(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option && option.longestName().equals("--hub")) {
            String hub = environment.get(KnutepunktCli.HUB_VARIABLE);
            return hub == null || hub.isBlank() ? KnutepunktCli.DEFAULT_HUB : hub.strip();
        }
        return null;
    }
}
