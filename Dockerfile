# Container image of whereby-trigger:
#
#   docker build -t whereby-trigger .
#   docker run -p 8080:8080 -e WHEREBY_WEBHOOK_SIGNINGSECRETS=whsec_... whereby-trigger
#
# Java triggers without rebuilding it: mount jars on /app/extensions and name their
# packages in WHEREBY_TRIGGERS_PACKAGES (docs/triggers.md, "In the released image").
#
# The base images are build arguments: the defaults are the public Eclipse Temurin images;
# a build without access to a registry passes images of its own (.ci/run builds Debian ones).
# Java 25 runs it; the classes stay Java 17 bytecode (the library serves Java 17 users).
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /workspace
# The wrapper and the build file first, then every dependency and plugin in a layer of
# their own: a change to the sources alone downloads nothing again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
# The aot profile adds Spring AOT's generated bean definitions (pom.xml says what it fixes
# at build time: the management port above all).
RUN ./mvnw -B -ntp -Paot package -DskipTests
# Boot's layers, each extracted to a folder of its own, least often changed first. Without
# the launcher the result is application.jar plus lib/*.jar on its manifest's class path:
# plain jars on the class path, which is what class data sharing can archive.
RUN java -Djarmode=tools -jar target/*-exec.jar extract --layers --application-filename application.jar \
	--destination extracted

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="whereby-trigger" \
	org.opencontainers.image.description="Starts AI assistants in Whereby rooms when its signed webhooks say so" \
	org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# A training run records the classes loaded and linked up to the end of the context
# refresh, and the profile of the methods run, in an AOT cache (JDK 25, JEP 483/514), which
# every start then maps instead of loading, verifying and linking them again. It stops
# before the web server starts, so it opens no port. The signing secret is a system
# property of this one command, not part of the image's environment. The flags that decide
# the cache's layout (collector, heap size, object headers) must be the same as at run
# time, or the JVM ignores the cache.
# Extension jars (jars of @WherebyTrigger classes, found in whereby.triggers.packages) go
# in /app/extensions, empty here: mount a volume on it. They come after the application on
# the class path, so the cache still serves every class it holds.
# Spring AOT's bean definitions replace the configuration classes' processing at every start
# (-Dspring.aot.enabled=true). They were made with a separate management port, 8081 by
# default here as in the chart: set MANAGEMENT_SERVER_PORT to move it; without one, Spring
# Boot cannot start.
ENV MANAGEMENT_SERVER_PORT=8081
RUN mkdir /app/extensions
RUN ["java", "-XX:AOTCacheOutput=/app/application.aot", "-Xlog:aot=off", "-Xlog:cds=off", \
	"-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-Dspring.aot.enabled=true", \
	"-Dspring.context.exit=onRefresh", "-Dwhereby.webhook.signing-secrets=training", \
	"-cp", "/app/application.jar:/app/extensions/*", "io.github.wherebytrigger.WherebyTriggerApplication"]
# A numeric user, so that Kubernetes' runAsNonRoot can check it; it owns nothing in the
# image, so it cannot change the application.
USER 10001:10001
EXPOSE 8080 8081
# Exec form: java is process 1 and receives SIGTERM itself (Boot then shuts down
# gracefully); no shell is needed. Add JVM flags with JAVA_TOOL_OPTIONS (they come before
# these, so they cannot change these flags, except -Xmx, which wins over MaxRAMPercentage)
# and Boot properties
# with environment variables or arguments after the image name.
# The class path is given rather than -jar, so that it can hold the extension jars (java
# expands the "*" itself); application.jar's manifest adds lib/*.jar.
ENTRYPOINT ["java", "-XX:AOTCache=/app/application.aot", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", \
	"-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError", "-Dspring.aot.enabled=true", "-cp", "/app/application.jar:/app/extensions/*", \
	"io.github.wherebytrigger.WherebyTriggerApplication"]
