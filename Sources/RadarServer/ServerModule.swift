/// The HTTP service; see `openapi.yaml` for its contract.
public enum RadarServerModule {}
