namespace Fulcrum.Health.Http;

/// <summary>The server's answer is not HTTP/1.x as a probe can use it; the message says how.</summary>
public sealed class HttpResponseException : Exception
{
    public HttpResponseException()
    {
    }

    public HttpResponseException(string message)
        : base(message)
    {
    }

    public HttpResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
