/**
 * The message protocols the hub carries: which message types exist, which reply may answer which
 * request, and schema validation of payloads against XSDs bundled on the classpath. Three groups of
 * types (see {@link no.knutepunkt.platform.protocol.MessageTypes}): Fiks Arkiv v1 (spec and XSDs under
 * {@code fiks-arkiv-v1/}), the platform's own transport types ({@code no.ks.fiks.kvittering.tidsavbrudd},
 * {@code no.knutepunkt.v1.fil}), and the cooperation's own message types {@code no.knutepunkt.v1.*}
 * (agreement signing, project documents, surveys; XSDs and samples under {@code knutepunkt-v1/}, built
 * and read by {@link no.knutepunkt.platform.protocol.Samarbeid}). Knows nothing of transport (no Camel,
 * no HTTP); uses only the JDK's {@code javax.xml} APIs.
 */
package no.knutepunkt.platform.protocol;
