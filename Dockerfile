# The hub's image: build the jar first (mvn -DskipTests package), then docker build .
FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/knutepunkt knutepunkt && mkdir -p /var/lib/knutepunkt && chown knutepunkt /var/lib/knutepunkt
COPY routes/target/knutepunkt.jar /opt/knutepunkt/knutepunkt.jar
COPY config/ /opt/knutepunkt/config/
USER knutepunkt
WORKDIR /opt/knutepunkt
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=production \
    SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/opt/knutepunkt/config/
ENTRYPOINT ["java", "-jar", "/opt/knutepunkt/knutepunkt.jar"]
