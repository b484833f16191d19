using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Fulcrum.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Systemd;

/// <summary>
/// One entry in the systemd journal's native protocol (systemd.journal-fields(7), "Native Protocol"
/// in systemd's docs): fields as <c>NAME=value\n</c>, or, for a value holding a newline,
/// <c>NAME\n</c> + the value's length as a 64-bit little-endian integer + the value + <c>\n</c>.
/// Names are upper case, digits and underscores, not starting with an underscore (those are the
/// journal's trusted fields). Fulcrum's own fields start with <c>FULCRUM_</c>, so a message
/// parameter such as <c>{Priority}</c> never collides with the journal's <c>PRIORITY</c>.
/// </summary>
internal static class JournalRecord
{
    /// <summary>The prefix of every field Fulcrum adds.</summary>
    public const string Prefix = "FULCRUM_";

    /// <summary>The syslog priority of a log level (0 emerg … 7 debug; sd-daemon(3)).</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    /// <summary><c>PrefixLength</c> → <c>FULCRUM_PREFIX_LENGTH</c>; characters a journal field may not hold are dropped.</summary>
    public static string FieldName(string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var name = new StringBuilder(Prefix, Prefix.Length + (parameter.Length * 2));
        for (int i = 0; i < parameter.Length; i++)
        {
            char c = parameter[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(parameter[i - 1]) || char.IsAsciiDigit(parameter[i - 1])))
            {
                name.Append('_');
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToUpperInvariant(c));
            }
            else if (c == '_' && name[^1] != '_')
            {
                name.Append('_');
            }
        }

        return name.ToString();
    }

    /// <summary>
    /// The fields of one log entry: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, the event's id and name,
    /// the category, <paramref name="common"/> (node, cluster) and every parameter of the message
    /// (<see cref="ILogFields"/> values add their own fields too).
    /// </summary>
    public static List<KeyValuePair<string, string>> Fields(
        LogLevel level, string category, EventId eventId, string message, Exception? exception,
        IEnumerable<KeyValuePair<string, object?>>? state, IEnumerable<KeyValuePair<string, string>> common)
    {
        ArgumentNullException.ThrowIfNull(common);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("MESSAGE", exception is null ? message : message + "\n" + exception),
            new("PRIORITY", Priority(level).ToString(CultureInfo.InvariantCulture)),
            new("SYSLOG_IDENTIFIER", "fulcrum"),
            new(Prefix + "CATEGORY", category),
        };
        if (eventId.Id != 0)
        {
            fields.Add(new(Prefix + "EVENT_ID", eventId.Id.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(eventId.Name))
        {
            fields.Add(new(Prefix + "EVENT", eventId.Name));
        }

        if (exception is not null)
        {
            fields.Add(new(Prefix + "EXCEPTION", exception.GetType().FullName ?? exception.GetType().Name));
        }

        fields.AddRange(common);
        foreach (var (key, value) in state ?? [])
        {
            if (key == "{OriginalFormat}" || value is null)
            {
                continue;
            }

            fields.Add(new(FieldName(key), Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
            if (value is ILogFields own)
            {
                fields.AddRange(own.LogFields().Select(f => KeyValuePair.Create(FieldName(f.Key), f.Value)));
            }
        }

        return fields;
    }

    /// <summary>The datagram that carries <paramref name="fields"/> to the journal.</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        foreach (var (name, value) in fields)
        {
            buffer.Write(Encoding.ASCII.GetBytes(name));
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                buffer.WriteByte((byte)'\n');
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
                buffer.Write(length);
            }
            else
            {
                buffer.WriteByte((byte)'=');
            }

            buffer.Write(bytes);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }
}
