using System.Buffers;
using System.Globalization;
using System.Text;

namespace Fulcrum.Health.Http;

/// <summary>
/// Reads one HTTP/1.x response from a stream (RFC 9112): the status line and headers, then the body
/// framed by chunked transfer coding, Content-Length, or the end of the connection. Bounded: header
/// lines up to <see cref="MaxLineBytes"/>, at most <see cref="MaxHeaderLines"/> of them, and a body
/// up to the cap given at construction.
/// </summary>
public sealed class HttpResponseReader(Stream stream, int maxBodyBytes = HttpResponseReader.DefaultMaxBodyBytes)
{
    /// <summary>The default body cap: 64 KiB, far more than a health page needs.</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    public const int MaxLineBytes = 8 * 1024;
    public const int MaxHeaderLines = 100;

    private readonly byte[] _buffer = new byte[MaxLineBytes];
    private int _start;
    private int _end;

    /// <summary>Reads the status line and headers.</summary>
    /// <exception cref="HttpResponseException">Not an HTTP/1.x response head, or the connection closed early.</exception>
    public async ValueTask<HttpResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        string statusLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new HttpResponseException("connection closed before the status line");
        if (!TryParseStatus(statusLine, out int status))
        {
            throw new HttpResponseException($"not an HTTP/1.x status line: '{Printable(statusLine)}'");
        }

        long? contentLength = null;
        bool chunked = false;
        for (int lines = 0; ; lines++)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new HttpResponseException("connection closed inside the response headers");
            if (line.Length == 0)
            {
                break;
            }

            if (lines >= MaxHeaderLines)
            {
                throw new HttpResponseException($"more than {MaxHeaderLines} header lines");
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new HttpResponseException($"malformed header line '{Printable(line)}'");
            }

            ReadOnlySpan<char> name = line.AsSpan(0, colon).Trim();
            ReadOnlySpan<char> value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long length)
                    ? length
                    : throw new HttpResponseException($"invalid Content-Length '{Printable(value.ToString())}'");
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.TrimEnd().EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
            }
        }

        return new HttpResponseHead(status, contentLength, chunked);
    }

    /// <summary>Reads the body that <paramref name="head"/> announces.</summary>
    /// <exception cref="HttpResponseException">The body is larger than the cap, or its framing is broken.</exception>
    public async ValueTask<byte[]> ReadBodyAsync(HttpResponseHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var body = new ArrayBufferWriter<byte>();
        if (head.HasNoBody)
        {
            return [];
        }

        // RFC 9112 §6.3: chunked wins over Content-Length; without either the body ends at close.
        if (head.Chunked)
        {
            await ReadChunkedAsync(body, cancellationToken).ConfigureAwait(false);
        }
        else if (head.ContentLength is { } length)
        {
            CheckCap(length);
            await ReadExactlyAsync(body, (int)length, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            while (await ReadSomeAsync(body, maxBodyBytes + 1 - body.WrittenCount, cancellationToken).ConfigureAwait(false) > 0)
            {
                CheckCap(body.WrittenCount);
            }
        }

        return body.WrittenSpan.ToArray();
    }

    private async ValueTask ReadChunkedAsync(ArrayBufferWriter<byte> body, CancellationToken cancellationToken)
    {
        while (true)
        {
            string sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new HttpResponseException("connection closed inside a chunked body");
            ReadOnlySpan<char> sizeText = sizeLine.AsSpan();
            int extension = sizeText.IndexOf(';');
            sizeText = (extension >= 0 ? sizeText[..extension] : sizeText).Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
            {
                throw new HttpResponseException($"invalid chunk size '{Printable(sizeLine)}'");
            }

            if (size == 0)
            {
                // Trailer fields, then the empty line.
                while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 })
                {
                }

                return;
            }

            CheckCap(body.WrittenCount + size);
            await ReadExactlyAsync(body, (int)size, cancellationToken).ConfigureAwait(false);
            if (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { Length: 0 })
            {
                throw new HttpResponseException("chunk data is not followed by CRLF");
            }
        }
    }

    private void CheckCap(long length)
    {
        if (length > maxBodyBytes)
        {
            throw new HttpResponseException($"body larger than {maxBodyBytes / 1024} KiB");
        }
    }

    private async ValueTask ReadExactlyAsync(ArrayBufferWriter<byte> body, int count, CancellationToken cancellationToken)
    {
        int remaining = count;
        while (remaining > 0)
        {
            int read = await ReadSomeAsync(body, remaining, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpResponseException($"connection closed {remaining} bytes before the end of the body");
            }

            remaining -= read;
        }
    }

    // Buffered bytes first, then the stream, never more than max.
    private async ValueTask<int> ReadSomeAsync(ArrayBufferWriter<byte> body, int max, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            int take = Math.Min(max, _end - _start);
            body.Write(_buffer.AsSpan(_start, take));
            _start += take;
            return take;
        }

        Memory<byte> target = body.GetMemory(Math.Min(max, 16 * 1024))[..Math.Min(max, 16 * 1024)];
        int read = await stream.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        body.Advance(read);
        return read;
    }

    // A line ends at LF; a CR before it is dropped. Null at the end of the stream.
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
            if (newline >= 0)
            {
                int lineEnd = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                string line = Encoding.Latin1.GetString(_buffer, _start, lineEnd - _start);
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new HttpResponseException($"a response line is longer than {MaxLineBytes} bytes");
            }

            scanned = _end;
            int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    // "HTTP/1.1 200 OK" (RFC 9112 §4): version, space, three digits, then a space or the end.
    private static bool TryParseStatus(string line, out int status)
    {
        status = 0;
        return line.Length >= 12 && line.StartsWith("HTTP/1.", StringComparison.Ordinal) && line[8] == ' '
            && (line.Length == 12 || line[12] == ' ')
            && int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status)
            && status is >= 100 and <= 999;
    }

    internal static string Printable(string text)
    {
        string shown = text.Length > 60 ? text[..60] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) || c > '~' ? '?' : c));
    }
}
