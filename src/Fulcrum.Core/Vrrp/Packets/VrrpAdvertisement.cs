using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The content of one VRRP ADVERTISEMENT, independent of the version's wire layout.
/// The interval is kept in centiseconds for both versions (a v2 interval is whole seconds × 100),
/// so a v2 advert and its bytes convert exactly.
/// </summary>
/// <param name="Version">Protocol version the advert is (or was) encoded with.</param>
/// <param name="VirtualRouterId">VRID, 1–255. RFC 5798 §5.2.3.</param>
/// <param name="Priority">Sender priority; 0 means "master is stopping". RFC 5798 §5.2.4.</param>
/// <param name="IntervalCentiseconds">v3 Max Adver Int, or v2 Adver Int × 100. RFC 5798 §5.2.7, RFC 3768 §5.3.7.</param>
/// <param name="Addresses">The virtual IPv4 addresses of the virtual router. RFC 5798 §5.2.9.</param>
public sealed record VrrpAdvertisement(
    VrrpVersion Version,
    byte VirtualRouterId,
    byte Priority,
    ushort IntervalCentiseconds,
    IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>The advertisement interval as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(IntervalCentiseconds * 10);

    /// <summary>Value equality, comparing <see cref="Addresses"/> element by element.</summary>
    public bool Equals(VrrpAdvertisement? other) =>
        other is not null
        && Version == other.Version
        && VirtualRouterId == other.VirtualRouterId
        && Priority == other.Priority
        && IntervalCentiseconds == other.IntervalCentiseconds
        && Addresses.SequenceEqual(other.Addresses);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Version);
        hash.Add(VirtualRouterId);
        hash.Add(Priority);
        hash.Add(IntervalCentiseconds);
        foreach (var address in Addresses)
        {
            hash.Add(address);
        }

        return hash.ToHashCode();
    }
}
