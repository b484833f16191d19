using System.Globalization;
using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Health;

/// <summary>
/// One distinct thing to probe: an address and port, a check, and the source address probes leave
/// from. Services that check the same server the same way share one target, and so one probe.
/// Records compare by value, so a reload keeps a target whose every field is unchanged.
/// </summary>
/// <param name="Address">The real server's address.</param>
/// <param name="Port">The probed port: the probe's own port, else the server's; null only for a command check of a portless server.</param>
/// <param name="Check">The whole check: probe, timing, rise/fall, initial state.</param>
/// <param name="Source">The balancer's own address probes are sent from, or null to let the kernel choose.</param>
public sealed record ProbeTarget(IPAddress Address, ushort? Port, HealthCheckConfig Check, IPAddress? Source)
{
    /// <summary>The probe kind as the config spells it: <c>tcp</c>, <c>http</c>, ...</summary>
    public string Kind => ProbeKinds.NameOf(Check.Probe);

    /// <summary>Where probes go, for logs: <c>192.168.20.11:80</c>.</summary>
    public string Endpoint => new ServerEndpoint(Address, Port).ToString();

    /// <summary>The target of <paramref name="server"/> under <paramref name="check"/>.</summary>
    public static ProbeTarget For(ServerEndpoint server, HealthCheckConfig check, IPAddress? source)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new ProbeTarget(server.Address, check.Probe.Port ?? server.Port, check, source);
    }

    /// <summary>A stable text that identifies the target across processes (the jitter hash input).</summary>
    public string StableKey => string.Create(
        CultureInfo.InvariantCulture,
        $"{Kind}|{Endpoint}|{Source}|{Check.Interval.Ticks}|{Check.Probe}");

    /// <summary><c>http 192.168.20.11:80</c>.</summary>
    public override string ToString() => $"{Kind} {Endpoint}";
}
