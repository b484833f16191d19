using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Daemon.Api;

/// <summary>The bearer token the TCP listener requires (<c>Authorization: Bearer TOKEN</c>); null when there is no TCP listener.</summary>
internal sealed class ApiToken(string? token)
{
    private readonly byte[]? _token = token is null ? null : Encoding.UTF8.GetBytes(token);

    /// <summary>Reads the token: the file's first line, at least 16 characters.</summary>
    public static string Read(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("a token file is required with --api-listen");
        }

        var token = File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";
        if (token.Length < 16)
        {
            throw new InvalidDataException($"{path}: the token must be at least 16 characters on the first line");
        }

        return token;
    }

    /// <summary>Whether <paramref name="authorization"/> is <c>Bearer</c> with the token (compared in constant time).</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (_token is null || authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()), _token);
    }
}
