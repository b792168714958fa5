# The Bucket Brigade server image (docker-compose.yml builds it). Two stages: build with Maven, run on a JRE.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn --batch-mode --quiet dependency:go-offline -DskipLocalstack || true
COPY src src
RUN mvn --batch-mode --quiet -DskipTests -DskipLocalstack package

FROM eclipse-temurin:17.0.13_11-jre
RUN useradd --system --home /app brigade
WORKDIR /app
COPY --from=build /build/target/bucket-brigade.jar /app/bucket-brigade.jar
COPY routes /app/routes
COPY profiles /app/profiles
USER brigade
EXPOSE 8080 9010
ENV BRIGADE_ROUTES_DIR=/app/routes BRIGADE_PROFILES_DIR=/app/profiles
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/bucket-brigade.jar"]
