using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// Records every advert sent with the clock's time; also to <paramref name="journal"/> when given, as
/// "advert IFACE priority N" (shared with other fakes to record order).
/// </summary>
internal sealed class RecordingChannel(string interfaceName, TimeProvider time, List<string>? journal = null) : IVrrpChannel
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly ManualResetEventSlim _nothing = new();

    public string InterfaceName { get; } = interfaceName;

    public List<(TimeSpan At, IPAddress Destination, byte[] Message)> Sent { get; } = [];

    public bool Failing { get; set; }

    public IEnumerable<byte> Priorities => Sent.Select(s => s.Message[2]);

    public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination)
    {
        if (Failing)
        {
            throw new IOException("ENETDOWN");
        }

        Sent.Add((time.GetUtcNow() - _start, destination, vrrpMessage.ToArray()));
        journal?.Add($"advert {InterfaceName} priority {vrrpMessage[2]}");
    }

    /// <summary>Nothing ever arrives: waits the whole timeout (as poll would), without spinning.</summary>
    public bool WaitUntilReadable(TimeSpan timeout) => _nothing.Wait(timeout);

    public int TryReceive(Span<byte> buffer) => -1;

    public void Dispose() => _nothing.Dispose();
}
