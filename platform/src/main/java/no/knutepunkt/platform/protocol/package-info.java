/**
 * The message protocols the hub carries: which message types exist (Fiks Arkiv v1 and the
 * platform's own), which reply may answer which request, and schema validation of payloads
 * against the Fiks Arkiv v1 XSDs bundled on the classpath under {@code fiks-arkiv-v1/}.
 * Knows nothing of transport (no Camel, no HTTP); uses only the JDK's {@code javax.xml} APIs.
 */
package no.knutepunkt.platform.protocol;
