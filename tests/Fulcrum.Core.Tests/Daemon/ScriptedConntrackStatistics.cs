using Fulcrum.Core.Conntrack;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>An <see cref="IConntrackStatistics"/> that answers what the test set in <see cref="Next"/> (or throws <see cref="Failure"/>) and counts the reads.</summary>
internal sealed class ScriptedConntrackStatistics : IConntrackStatistics
{
    public ConntrackTableStatistics Next { get; set; } = new(0, 262_144, 0, 0, 0);

    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public ConntrackTableStatistics Read()
    {
        Reads++;
        return Failure is { } failure ? throw failure : Next;
    }
}
