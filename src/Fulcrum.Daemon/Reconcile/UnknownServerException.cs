namespace Fulcrum.Daemon.Reconcile;

/// <summary>An operator write named a service or real server that is not configured (API: 400).</summary>
internal sealed class UnknownServerException : Exception
{
    public UnknownServerException()
    {
    }

    public UnknownServerException(string message)
        : base(message)
    {
    }

    public UnknownServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
