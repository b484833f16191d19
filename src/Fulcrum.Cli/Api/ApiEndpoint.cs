namespace Fulcrum.Cli.Api;

/// <summary>
/// Where the daemon's runtime API is: a Unix socket (<see cref="SocketPath"/>) or a TCP address
/// (<see cref="Url"/>, with the bearer <see cref="Token"/>). <see cref="StartHint"/> says how to
/// start the daemon when nothing answers there.
/// </summary>
internal sealed record ApiEndpoint(string? SocketPath, Uri? Url, string? Token, string StartHint)
{
    /// <summary>The base address HTTP requests are made against (a placeholder host for the socket).</summary>
    public Uri BaseAddress => Url ?? new Uri("http://localhost/");

    /// <summary>The socket path or the URL, for messages.</summary>
    public string Describe() => SocketPath ?? Url!.ToString();

    /// <summary>The daemon's Unix socket.</summary>
    public static ApiEndpoint Socket(string path, string startHint) => new(path, null, null, startHint);

    /// <summary>The daemon's TCP listener, with the token every request carries.</summary>
    public static ApiEndpoint Tcp(Uri url, string token) =>
        new(null, url, token, "start the daemon on that node, with global.api.listen set");
}
