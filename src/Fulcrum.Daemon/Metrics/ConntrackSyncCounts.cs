namespace Fulcrum.Daemon.Metrics;

/// <summary>Records of one batch by operation.</summary>
internal readonly record struct ConntrackSyncCounts(int Established, int Ended);
