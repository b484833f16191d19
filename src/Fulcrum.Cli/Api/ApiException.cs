namespace Fulcrum.Cli.Api;

/// <summary>
/// A call to the runtime API that did not succeed: the daemon could not be reached, did not answer
/// in time, or answered with an error. <see cref="Exception.Message"/> is one sentence for the
/// operator; <see cref="Details"/> are further lines (e.g. the diagnostics of a refused reload).
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException()
        : this("the runtime API call failed")
    {
    }

    public ApiException(string message)
        : this(message, null, [])
    {
    }

    public ApiException(string message, Exception innerException)
        : this(message, null, [], innerException)
    {
    }

    public ApiException(string message, int? statusCode, IReadOnlyList<string> details, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Details = details;
    }

    /// <summary>The HTTP status the daemon answered with; null when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>Further lines, printed one per line after the message.</summary>
    public IReadOnlyList<string> Details { get; }
}
