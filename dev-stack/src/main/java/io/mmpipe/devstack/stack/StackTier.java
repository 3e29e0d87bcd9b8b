package io.mmpipe.devstack.stack;

/**
 * The processes of the compose topology that run our own main classes: each one's compose service (also the name of
 * its env file, {@code deploy/env/<service>.env}), its main class, the variable that sets the port of its health
 * endpoint and that endpoint's path.
 */
public enum StackTier {
  MATTERMOST_SIM("mattermost-sim", "io.mmpipe.sim.SimMain", "SIM_PORT", "/api/v4/system/ping"),
  INGESTOR("ingestor", "io.mmpipe.ingestor.IngestorMain", "INGESTOR_METRICS_PORT", "/health"),
  STREAM_PROCESSOR("stream-processor", "io.mmpipe.streams.ProcessorMain", "PROCESSOR_METRICS_PORT", "/health"),
  MCP_GATEWAY("mcp-gateway", "io.mmpipe.gateway.GatewayMain", "GATEWAY_PORT", "/health"),
  ANALYTICS("analytics", "io.mmpipe.analytics.AnalyticsMain", "ANALYTICS_METRICS_PORT", "/health");

  private final String service;
  private final String mainClass;
  private final String portVariable;
  private final String healthPath;

  StackTier(String service, String mainClass, String portVariable, String healthPath) {
    this.service = service;
    this.mainClass = mainClass;
    this.portVariable = portVariable;
    this.healthPath = healthPath;
  }

  public String service() {
    return service;
  }

  public String mainClass() {
    return mainClass;
  }

  public String portVariable() {
    return portVariable;
  }

  public String healthPath() {
    return healthPath;
  }

  public String envFile() {
    return "deploy/env/" + service + ".env";
  }
}
