# The hub's image: build the jar first (mvn -DskipTests package), then docker build .
FROM eclipse-temurin:17-jre
# a fixed uid, so that files mounted into the container (identities) can be given to it: chown -R 10001 identities
RUN groupadd --system --gid 10001 knutepunkt \
    && useradd --system --uid 10001 --gid 10001 --home /var/lib/knutepunkt knutepunkt \
    && mkdir -p /var/lib/knutepunkt /var/lib/knutepunkt-payloads \
    && chown knutepunkt:knutepunkt /var/lib/knutepunkt /var/lib/knutepunkt-payloads
COPY routes/target/knutepunkt.jar /opt/knutepunkt/knutepunkt.jar
COPY config/ /opt/knutepunkt/config/
USER knutepunkt
WORKDIR /opt/knutepunkt
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=production \
    SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/opt/knutepunkt/config/
ENTRYPOINT ["java", "-jar", "/opt/knutepunkt/knutepunkt.jar"]
