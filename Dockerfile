# syntax=docker/dockerfile:1
# Build stage: the Maven wrapper builds the one executable jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests package -pl cli -am

# Run stage: a JRE and the jar; one image for every orgexport process.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/orgexport orgexport \
    && mkdir -p /var/lib/orgexport/exports && chown -R orgexport /var/lib/orgexport
COPY --from=build /src/cli/target/orgexport.jar /opt/orgexport/orgexport.jar
USER orgexport
WORKDIR /var/lib/orgexport
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/orgexport/orgexport.jar"]
CMD ["--help"]
