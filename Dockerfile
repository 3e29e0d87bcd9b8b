# One image recipe for every tier:  docker build --build-arg MODULE=ingestor --build-arg MAIN=io.mmpipe.ingestor.IngestorMain .
# docker-compose.yml builds the four images from it.
FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
# Every module the root pom lists (Maven reads them all, even for -pl): architecture/BuildFilesTest checks this list.
COPY schemas schemas
COPY runtime runtime
COPY devkit devkit
COPY testkit testkit
COPY mattermost-sim mattermost-sim
COPY mattermost-client mattermost-client
COPY ingestor ingestor
COPY stream-processor stream-processor
COPY analytics analytics
COPY mcp-gateway mcp-gateway
COPY bench-tools bench-tools
COPY dev-stack dev-stack
COPY connect-kit connect-kit
COPY e2e e2e
COPY architecture architecture
RUN ./mvnw -B -q -DskipTests -pl ${MODULE} -am package \
 && ./mvnw -B -q -pl ${MODULE} dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && mkdir -p /out/lib && cp ${MODULE}/target/lib/*.jar /out/lib/ && cp ${MODULE}/target/${MODULE}-*.jar /out/app.jar

FROM eclipse-temurin:21-jre
ARG MAIN
ENV MAIN_CLASS=${MAIN}
RUN useradd --system --uid 10001 mmpipe
COPY --from=build /out /app
USER mmpipe
# Container-aware heap; virtual threads need no tuning.
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -cp '/app/app.jar:/app/lib/*' \"$MAIN_CLASS\""]
