namespace Fulcrum.Core.Config;

/// <summary>Authentication of VRRP adverts.</summary>
/// <param name="Mode">none, password (v2) or hmac (v3).</param>
/// <param name="Password">The v2 password, 1-8 bytes of UTF-8; only with <see cref="HaAuthMode.Password"/>.</param>
/// <param name="KeyFile">Absolute path of the HMAC key file; only with <see cref="HaAuthMode.Hmac"/>.</param>
public sealed record HaAuthConfig(HaAuthMode Mode, string? Password, string? KeyFile)
{
    /// <summary>No authentication.</summary>
    public static HaAuthConfig None { get; } = new(HaAuthMode.None, null, null);
}
