namespace Fulcrum.Health.Http;

/// <summary>The status line and the framing headers of a response (RFC 9112 §4, §6).</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentLength">Content-Length, or null when absent.</param>
/// <param name="Chunked">Transfer-Encoding ends in chunked.</param>
public sealed record HttpResponseHead(int Status, long? ContentLength, bool Chunked)
{
    /// <summary>1xx, 204 and 304 responses have no body (RFC 9112 §6.3).</summary>
    public bool HasNoBody => Status is (>= 100 and < 200) or 204 or 304;
}
