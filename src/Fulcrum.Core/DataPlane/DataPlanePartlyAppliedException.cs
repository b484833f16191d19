namespace Fulcrum.Core.DataPlane;

/// <summary>
/// The kernel committed the change, but a follow-up outside the transaction failed (e.g. cutting
/// the established flows of a removed server). Unlike its base class, the data plane did change.
/// </summary>
public sealed class DataPlanePartlyAppliedException : DataPlaneException
{
    /// <summary>Creates the exception.</summary>
    public DataPlanePartlyAppliedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DataPlanePartlyAppliedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DataPlanePartlyAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
