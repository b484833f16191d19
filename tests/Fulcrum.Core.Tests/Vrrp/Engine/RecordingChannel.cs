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

    public int Receive(Span<byte> buffer, TimeSpan timeout) => -1;

    public int TryReceive(Span<byte> buffer) => -1;

    public void Dispose()
    {
    }
}
