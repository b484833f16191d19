using Fulcrum.Core.Collections;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

/// <summary>The servers of a transition as a log shows them: the first few, then how many more. Formatted only when logged.</summary>
internal readonly record struct ServerList(EquatableArray<ServerKey> Servers)
{
    private const int Shown = 4;

    public override string ToString()
    {
        string shown = string.Join(", ", Servers.Take(Shown));
        return Servers.Count > Shown ? $"{shown} and {Servers.Count - Shown} more" : shown;
    }
}
