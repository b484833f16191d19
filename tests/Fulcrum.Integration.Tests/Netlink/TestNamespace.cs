namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// A fresh network namespace <c>ftnl-XXXXXXXX</c> for one test, deleted on dispose. Everything the
/// test does to nf_tables happens in it; the host's ruleset is never touched.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public TestNamespace()
    {
        Name = "ftnl-" + Guid.NewGuid().ToString("N")[..8];
        ProcessRunner.Run("ip", "netns", "add", Name);
    }

    public string Name { get; }

    /// <summary><c>ip netns exec NAME nft ARGS</c>.</summary>
    public string Nft(params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, "nft", .. arguments]);

    /// <summary><c>ip netns exec NAME PROGRAM ARGS</c>.</summary>
    public string Exec(string program, params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, program, .. arguments]);

    public void Dispose() => ProcessRunner.Run("ip", "netns", "delete", Name);
}
