package no.knutepunkt.hub.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, as instances sharing a database or a payload store tell each other apart by it. */
public final class HostName {
    private HostName() {
    }

    /** The host name, or {@code localhost} if it cannot be found. */
    public static String get() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
