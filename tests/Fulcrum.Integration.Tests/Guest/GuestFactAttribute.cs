using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// A fact that runs inside a guest kernel: on the host, the first test of its group boots the guest
/// once and runs the whole group there (<see cref="GuestSuite"/>); every test then reports its own
/// outcome, output and stack trace from the guest. Skipped, with the reason, only where privileged
/// tests are (not root, a lab program missing); a missing qemu or kernel package is a failure that
/// says what to install.
/// </summary>
[XunitTestCaseDiscoverer("Fulcrum.Integration.Tests.Guest.GuestFactDiscoverer", "Fulcrum.Integration.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class GuestFactAttribute : FactAttribute
{
    /// <param name="group">The <see cref="GuestGroup"/> the test boots with.</param>
    public GuestFactAttribute(Type group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!group.IsSubclassOf(typeof(GuestGroup)))
        {
            throw new ArgumentException($"{group} is not a {nameof(GuestGroup)}.", nameof(group));
        }

        Group = group;
        if (PrivilegedFactAttribute.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>The group's type.</summary>
    public Type Group { get; }
}
