using System.Net;
using System.Net.Sockets;
using Fulcrum.Health.Interop;

namespace Fulcrum.Health.Sockets;

/// <summary>
/// Creates the sockets probes use, bound to the probe's source address. The base class makes them in
/// the process's own network namespace; <see cref="NamespaceSocketFactory"/> makes them in another.
/// </summary>
public class ProbeSocketFactory
{
    /// <summary>Sockets in the calling thread's network namespace.</summary>
    public static ProbeSocketFactory Default { get; } = new();

    private readonly Lock _synGate = new();
    private bool _synTried;
    private SynProber? _synProber;

    /// <summary>A socket for <paramref name="remote"/>'s family, bound to <paramref name="source"/> when it is set.</summary>
    /// <exception cref="SocketException">The source address is not on this host, or the socket could not be made.</exception>
    public Socket Create(IPAddress remote, SocketType type, ProtocolType protocol, IPAddress? source)
    {
        ArgumentNullException.ThrowIfNull(remote);
        Socket socket = CreateSocket(remote.AddressFamily, type, protocol);
        try
        {
            // No TCP_NODELAY: an HTTP probe writes its request in one piece, so Nagle never delays it,
            // and one syscall less per probe counts at thousands of probes a second.
            if (source is not null)
            {
                if (type == SocketType.Stream && source.AddressFamily == AddressFamily.InterNetwork)
                {
                    // Thousands of probes from one source address would run out of ports if bind()
                    // picked one without knowing the destination; this defers the choice to connect().
                    socket.SetRawSocketOption(LibC.SOL_IP, LibC.IP_BIND_ADDRESS_NO_PORT, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The SYN prober of this factory's namespace, made on first use; null when raw sockets are not allowed.</summary>
    internal SynProber? SynProber
    {
        get
        {
            lock (_synGate)
            {
                if (!_synTried)
                {
                    _synTried = true;
                    _synProber = SynProber.TryCreate(this);
                }

                return _synProber;
            }
        }
    }

    /// <summary>A socket with nothing set, in this factory's namespace.</summary>
    internal Socket CreateBare(AddressFamily family, SocketType type, ProtocolType protocol) => CreateSocket(family, type, protocol);

    /// <summary>Closes the SYN prober, if one was made.</summary>
    protected void DisposeSynProber()
    {
        lock (_synGate)
        {
            _synProber?.Dispose();
            _synProber = null;
        }
    }

    /// <summary>Makes the bare socket; override to make it somewhere else (another network namespace).</summary>
    protected virtual Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        new(family, type, protocol);
}
