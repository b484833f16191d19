namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// A fresh network namespace <c>PREFIX-XXXXXXXX</c> (<c>ftnl-</c> by default) for one test, deleted
/// on dispose. Everything the test does to nf_tables and conntrack happens in it; the host's
/// ruleset and conntrack table are never touched.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public TestNamespace(string prefix = "ftnl")
    {
        Name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        ProcessRunner.Run("ip", "netns", "add", Name);
    }

    public string Name { get; }

    /// <summary><c>ip netns exec NAME nft ARGS</c>.</summary>
    public string Nft(params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, "nft", .. arguments]);

    /// <summary><c>ip netns exec NAME PROGRAM ARGS</c>.</summary>
    public string Exec(string program, params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, program, .. arguments]);

    public void Dispose() => ProcessRunner.Run("ip", "netns", "delete", Name);
}
