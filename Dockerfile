# syntax=docker/dockerfile:1
# Rewind's image: the command line and the HTTP API (`rewind serve`), with the dashboard built in,
# the S3 file system as a Flink plugin, and the job jar a Flink session cluster runs. Built from the
# sources in four stages, so no build tool, JDK or node_modules reach the image that runs.
#   docker build -t rewind .
#   docker run --rm rewind sample --months 1 --out /var/lib/rewind/samples
# docker-compose.yml runs it beside Kafka, a Flink session cluster and MinIO.

# 1. The dashboard (React, Vite): what query-frontend/pom.xml's npm steps do, in their own stage so
#    the Maven stage needs no Node. The lockfile first: `npm ci` stays cached while sources change.
FROM node:20-bookworm-slim AS web
WORKDIR /src/query-frontend/web
COPY query-frontend/web/package.json query-frontend/web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY query-frontend/web/ ./
RUN npm run build

# 2. The jars. The poms first, and one packaging pass over them alone: it downloads every dependency
#    and plugin into a layer that is rebuilt only when a pom changes. Then the sources, and the real
#    build, with the dashboard from stage 1 (-Dskip.web=true: no npm here) and without the
#    class-data-sharing archive (-Dskip.cds=true: it is tied to the JDK that records it, not the
#    runtime stage's JRE).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY connectors/pom.xml connectors/
COPY restoration-job/pom.xml restoration-job/
COPY sample-data/pom.xml sample-data/
COPY query-frontend/pom.xml query-frontend/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q -DskipTests -Dskip.web=true -Dskip.cds=true -pl query-frontend -am package
COPY connectors/src connectors/src
COPY restoration-job/src restoration-job/src
COPY sample-data/src sample-data/src
COPY query-frontend/src query-frontend/src
COPY --from=web /src/query-frontend/web/dist query-frontend/web/dist
RUN mvn -B -DskipTests -Dskip.web=true -Dskip.cds=true -pl query-frontend -am package

# 3. The Java runtime: jlink over Debian's JDK 17 (the build check-jlink-runtime.sh runs Rewind on),
#    only the modules in jlink-modules.txt: ~54 MB instead of a whole JRE. The script reads the list
#    beside itself. /usr/share/man/man1: the slim image leaves man pages out, and the JDK's
#    post-install links its tools' pages there.
FROM debian:bookworm-slim AS jre
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
COPY query-frontend/src/build/jlink-modules.txt query-frontend/src/build/jlink-runtime.sh /build/
RUN bash /build/jlink-runtime.sh /opt/java

# 4. What runs: the same slim Debian as the runtime's build (its native libraries are Debian's), with
#    what headless java.desktop links against for the PNG reports (FreeType, HarfBuzz, PNG, JPEG,
#    LCMS) and fontconfig with one font; the jlinked runtime; the thin jar and its lib/, the S3 plugin
#    folder beside them (where the storage code looks: plugins/ next to the jar), the job jar that
#    `serve --flink` ships to a session cluster, and the launcher with its memory defaults
#    (REWIND_HEAP, REWIND_JAVA_OPTS). No curl: the health check is bash.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core libfreetype6 libharfbuzz0b \
    libjpeg62-turbo liblcms2-2 libpng16-16 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 rewind \
 && useradd --system --uid 10001 --gid rewind --home-dir /var/lib/rewind --shell /usr/sbin/nologin rewind \
 && mkdir -p /var/lib/rewind/samples /var/lib/rewind/cache /var/lib/rewind/ssd /var/lib/rewind/jobs \
 && chown -R rewind:rewind /var/lib/rewind
COPY --from=jre /opt/java /opt/java
COPY --from=build /src/query-frontend/target/lib/ /opt/rewind/lib/
COPY --from=build /src/query-frontend/target/plugins/ /opt/rewind/plugins/
COPY --from=build /src/restoration-job/target/rewind-job.jar /opt/rewind/rewind-job.jar
COPY --from=build /src/query-frontend/target/rewind.jar /opt/rewind/rewind.jar
COPY rewind /opt/rewind/bin/rewind
COPY query-frontend/src/build/rewind-health /opt/rewind/bin/rewind-health
# XDG_CACHE_HOME: the cache dirs (answers, sidecars of read-only stores, the SSD tier) under the
# volume-friendly /var/lib/rewind rather than a home directory.
ENV JAVA_HOME=/opt/java \
    REWIND_JAR=/opt/rewind/rewind.jar \
    XDG_CACHE_HOME=/var/lib/rewind/cache \
    PATH=/opt/java/bin:/opt/rewind/bin:$PATH
USER rewind
WORKDIR /var/lib/rewind
EXPOSE 8000
# /api/health answers 200 only when archive queries can run (catalog loaded, Flink slots
# registered), needs no token, and is asked on loopback (which the access policy always allows).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/rewind/bin/rewind-health", "8000"]
ENTRYPOINT ["/opt/rewind/bin/rewind"]
CMD ["--help"]
