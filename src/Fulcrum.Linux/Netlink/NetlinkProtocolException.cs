namespace Fulcrum.Linux.Netlink;

/// <summary>The peer broke the netlink protocol (malformed lengths, a reply for another port, lost replies).</summary>
public sealed class NetlinkProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetlinkProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NetlinkProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NetlinkProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
