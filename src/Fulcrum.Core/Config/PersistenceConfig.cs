namespace Fulcrum.Core.Config;

/// <summary>Client affinity: clients in the same prefix keep their server for <see cref="Timeout"/> after their last connection.</summary>
/// <param name="Timeout">How long affinity outlives the client's last connection.</param>
/// <param name="Granularity">Prefix length that groups clients (32 = per IPv4 address).</param>
public sealed record PersistenceConfig(TimeSpan Timeout, int Granularity);
