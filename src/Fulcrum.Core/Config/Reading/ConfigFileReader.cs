using System.Globalization;
using System.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Reads a config file as text, refusing what cannot be a config: too big (checked before
/// reading it all), binary, or not UTF-8.
/// </summary>
internal static class ConfigFileReader
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or null after reporting why it cannot be read.</summary>
    public static string? ReadText(string path, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                diagnostics.FileError("is a directory, not a config file");
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                diagnostics.FileError(TooBig(stream.Length));
                return null;
            }

            // Some files (pipes, /proc) report no length: read at most one byte past the limit.
            bytes = new byte[MaxBytes + 1];
            int total = 0;
            int read;
            while (total < bytes.Length && (read = stream.Read(bytes, total, bytes.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxBytes)
            {
                diagnostics.FileError("file is more than 1 MiB; a Fulcrum config is at most 1 MiB");
                return null;
            }

            Array.Resize(ref bytes, total);
        }
        catch (FileNotFoundException)
        {
            diagnostics.FileError("file not found");
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            diagnostics.FileError("file not found (the directory does not exist)");
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            diagnostics.FileError("permission denied: cannot read the file");
            return null;
        }
        catch (IOException exception)
        {
            diagnostics.FileError($"cannot read the file: {exception.Message}");
            return null;
        }

        return Decode(bytes, diagnostics);
    }

    /// <summary>Strict UTF-8 with an optional BOM; NUL bytes mean a binary file.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, DiagnosticBag diagnostics)
    {
        if (bytes.Contains((byte)0))
        {
            diagnostics.FileError("not a text file (it contains NUL bytes)");
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.FileError("not a text file (it is not valid UTF-8)");
            return null;
        }
    }

    private static string TooBig(long length) => string.Create(
        CultureInfo.InvariantCulture,
        $"file is {length / 1_000_000.0:0.0} MB; a Fulcrum config is at most 1 MiB");
}
