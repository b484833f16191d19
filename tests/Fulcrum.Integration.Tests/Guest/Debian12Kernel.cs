namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// Debian 12's own kernel (linux-image-amd64, 6.1) with the lab: what an operator of a Debian 12
/// balancer runs. <see cref="DebianKernelTests"/> is its group.
/// </summary>
public sealed class Debian12Kernel : GuestGroup
{
    /// <inheritdoc />
    public override TimeSpan Timeout => TimeSpan.FromMinutes(8);
}
