namespace Fulcrum.Core.DataPlane;

/// <summary>
/// A data-plane engine could not read or change the kernel. The message says what was tried and
/// what the kernel answered; after a failed apply the kernel is as it was before.
/// </summary>
public class DataPlaneException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataPlaneException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DataPlaneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DataPlaneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
