using System.Security.Cryptography;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The shared secret of Fulcrum's HMAC advert authentication (<see cref="VrrpHmacTrailer"/>): at
/// least <see cref="MinimumLength"/> bytes, the same on both nodes.
/// </summary>
public sealed class VrrpHmacKey
{
    /// <summary>The shortest key accepted: 32 bytes, the HMAC-SHA256 block's natural key size.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] _key;

    /// <summary>Creates a key from <paramref name="key"/> (copied).</summary>
    public VrrpHmacKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumLength)
        {
            throw new ArgumentException($"An HMAC key needs at least {MinimumLength} bytes; this one has {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>
    /// Reads a key file: a regular file that group and others can neither read nor write (mode
    /// 0600 or stricter), holding at least <see cref="MinimumLength"/> bytes, all of which are the key.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is missing, too open, or too short (the message says which).</exception>
    public static VrrpHmacKey ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InvalidDataException($"HMAC key file {path} does not exist (create it with: head -c 32 /dev/urandom > {path}; chmod 600 {path}).");
        }

        if (!OperatingSystem.IsWindows())
        {
            var open = info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            if (open != 0)
            {
                throw new InvalidDataException($"HMAC key file {path} is accessible to group or others (mode {Convert.ToString((int)info.UnixFileMode, 8)}); run chmod 600 {path}.");
            }
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            if (bytes.Length < MinimumLength)
            {
                throw new InvalidDataException($"HMAC key file {path} holds {bytes.Length} bytes; it needs at least {MinimumLength}.");
            }

            return new VrrpHmacKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> into <paramref name="mac"/> (32 bytes).</summary>
    internal void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => HMACSHA256.HashData(_key, data, mac);
}
