namespace Fulcrum.Core.Conntrack;

/// <summary>Reads the conntrack table's fill and drop counters of one network namespace (ctnetlink's statistics requests).</summary>
public interface IConntrackStatistics
{
    /// <summary>The statistics now; throws when the kernel cannot be asked (the caller logs it and tries again).</summary>
    ConntrackTableStatistics Read();
}
