using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Vrrp;

/// <summary>Configuration of one virtual router instance (keepalived's <c>vrrp_instance</c>).</summary>
public sealed record VrrpInstanceOptions
{
    /// <summary>Name for logs and the sync group, e.g. "public".</summary>
    public required string Name { get; init; }

    /// <summary>Protocol version.</summary>
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>VRID, 1–255. RFC 5798 §5.2.3.</summary>
    public required byte VirtualRouterId { get; init; }

    /// <summary>Configured priority, 1–254. 255 means address owner, which Fulcrum never is. RFC 5798 §5.2.4.</summary>
    public byte Priority { get; init; } = VrrpConstants.DefaultPriority;

    /// <summary>
    /// Advertisement_Interval. v3: whole centiseconds, 10 ms–40.95 s (RFC 5798 §5.2.7);
    /// v2: whole seconds, 1–255 s (RFC 3768 §5.3.7).
    /// </summary>
    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Preempt_Mode: a backup with a higher priority takes over from a lower master. RFC 5798 §6.1.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>
    /// With <see cref="Preempt"/>: how long a backup keeps accepting a lower-priority master before it
    /// preempts (keepalived's <c>preempt_delay</c>). Zero preempts at once.
    /// </summary>
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Our primary IPv4 address on the interface: the advert source and election tie-breaker.</summary>
    public required IPAddress PrimaryAddress { get; init; }

    /// <summary>The virtual IPv4 addresses (VIPs), 1–255.</summary>
    public required IReadOnlyList<IPAddress> VirtualAddresses { get; init; }

    /// <summary>The advertisement interval in centiseconds, as carried in adverts.</summary>
    public ushort AdvertisementIntervalCentiseconds => (ushort)(AdvertisementInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10));

    /// <summary>Every problem with these options, or none.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name must not be empty");
        }

        if (Version is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            errors.Add($"version {(int)Version} is not 2 or 3");
        }

        if (VirtualRouterId == 0)
        {
            errors.Add("virtual router id must be 1–255 (RFC 5798 §5.2.3)");
        }

        if (Priority == VrrpConstants.PriorityOwner)
        {
            errors.Add("priority 255 is reserved for the owner of the virtual addresses (RFC 5798 §5.2.4); Fulcrum's addresses float, use 1–254");
        }
        else if (Priority == VrrpConstants.PriorityStop)
        {
            errors.Add("priority 0 is reserved for a master that stops (RFC 5798 §5.2.4); use 1–254");
        }

        ValidateInterval(errors);

        if (PreemptDelay < TimeSpan.Zero)
        {
            errors.Add("preempt delay must not be negative");
        }

        if (PrimaryAddress?.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add("primary address must be an IPv4 address");
        }

        if (VirtualAddresses is null || VirtualAddresses.Count is 0 or > byte.MaxValue)
        {
            errors.Add("an instance needs 1–255 virtual addresses (RFC 5798 §5.2.5)");
        }
        else if (VirtualAddresses.Any(a => a?.AddressFamily != AddressFamily.InterNetwork))
        {
            errors.Add("virtual addresses must be IPv4 addresses");
        }

        return errors;
    }

    private void ValidateInterval(List<string> errors)
    {
        var centisecondTicks = TimeSpan.TicksPerMillisecond * 10;
        var ticks = AdvertisementInterval.Ticks;
        if (Version == VrrpVersion.V3
            && (ticks % centisecondTicks != 0 || ticks / centisecondTicks is < 1 or > VrrpConstants.MaximumV3IntervalCentiseconds))
        {
            errors.Add("a v3 advertisement interval is whole centiseconds from 0.01 s to 40.95 s (RFC 5798 §5.2.7)");
        }

        if (Version == VrrpVersion.V2
            && (ticks % TimeSpan.TicksPerSecond != 0 || ticks / TimeSpan.TicksPerSecond is < 1 or > VrrpConstants.MaximumV2IntervalSeconds))
        {
            errors.Add("a v2 advertisement interval is whole seconds from 1 s to 255 s (RFC 3768 §5.3.7)");
        }
    }
}
