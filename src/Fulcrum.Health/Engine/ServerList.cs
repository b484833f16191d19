using Fulcrum.Core.Collections;
using Fulcrum.Core.Health;
using Fulcrum.Core.Logging;

namespace Fulcrum.Health.Engine;

/// <summary>
/// The servers of a transition as a log shows them: the first few, then how many more. Formatted only
/// when logged. The journal gets every service and server as fields of their own.
/// </summary>
internal readonly record struct ServerList(EquatableArray<ServerKey> Servers) : ILogFields
{
    private const int Shown = 4;

    public override string ToString()
    {
        string shown = string.Join(", ", Servers.Take(Shown));
        return Servers.Count > Shown ? $"{shown} and {Servers.Count - Shown} more" : shown;
    }

    public IEnumerable<KeyValuePair<string, string>> LogFields() =>
        Servers.Select(s => s.Service).Distinct().Select(s => KeyValuePair.Create("Service", s))
            .Concat(Servers.Select(s => s.Endpoint.ToString()).Distinct().Select(e => KeyValuePair.Create("Server", e)));
}
