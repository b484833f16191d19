namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// A group of tests that run together in one boot of Debian's own kernel under qemu
/// (<c>scripts/guest-kernel</c>): boot once per group, not per test. Derive one class per group and
/// mark its tests <c>[GuestFact(typeof(TheGroup))]</c>. Inside the guest the test methods run as
/// written; on the host each reports the outcome its run in the guest had.
/// </summary>
public abstract class GuestGroup
{
    /// <summary>Modules to load before the tests, on top of the script's default set (nf_tables, conntrack, veth, bridge, ...).</summary>
    public virtual IReadOnlyList<string> Modules => [];

    /// <summary>Guest memory in MiB.</summary>
    public virtual int MemoryMegabytes => 3072;

    /// <summary>The whole group's time, boot included; qemu is killed after it (keep it under the suite's 10-minute hang timeout).</summary>
    public virtual TimeSpan Timeout => TimeSpan.FromMinutes(8);
}
