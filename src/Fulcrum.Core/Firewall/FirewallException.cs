namespace Fulcrum.Core.Firewall;

/// <summary>The firewall could not be read or changed (the kernel refused, with its reason in the message).</summary>
public sealed class FirewallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirewallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public FirewallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FirewallException()
    {
    }
}
