namespace Fulcrum.Core.Health;

/// <summary>The class of a probe's result; the free-text reason gives the details. Used as a metrics tag.</summary>
public enum ProbeOutcome
{
    /// <summary>The server answered as expected.</summary>
    Healthy,

    /// <summary>The server refused the connection (TCP RST, or ICMP port unreachable for UDP).</summary>
    Refused,

    /// <summary>No (complete) answer within the check's timeout.</summary>
    Timeout,

    /// <summary>The network said the server cannot be reached (no route, host unreachable, address not available).</summary>
    Unreachable,

    /// <summary>The server answered with an HTTP status the check does not accept.</summary>
    BadStatus,

    /// <summary>The answer's body, payload or DNS records did not match what the check expects.</summary>
    Mismatch,

    /// <summary>The TLS handshake failed or the certificate was refused.</summary>
    TlsError,

    /// <summary>The answer broke the protocol (not HTTP, a malformed DNS message, a body past the size cap).</summary>
    ProtocolError,

    /// <summary>A command check exited unhealthy, could not start or was killed.</summary>
    CommandFailed,

    /// <summary>Anything else the socket layer reported.</summary>
    Error,
}
