namespace Fulcrum.Lab;

/// <summary>One interface as <c>ip -j addr show</c> reports it.</summary>
/// <param name="Name">Interface name.</param>
/// <param name="State">Operational state (UP, DOWN, UNKNOWN for loopback).</param>
/// <param name="Bridge">The bridge it is a port of, if any.</param>
/// <param name="Addresses">Its IPv4 addresses in CIDR notation.</param>
public sealed record InterfaceStatus(string Name, string State, string? Bridge, IReadOnlyList<string> Addresses);
