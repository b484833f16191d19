using System.Buffers.Binary;
using System.Text;

namespace Fulcrum.Core.Health.Dns;

/// <summary>Writes a standard query (RFC 1035 §4.1): one question, recursion desired, class IN.</summary>
public static class DnsQuery
{
    /// <summary>Writes the query for <paramref name="name"/> and <paramref name="type"/> into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The name is not a valid DNS name or the buffer is too small.</exception>
    public static int Write(Span<byte> destination, ushort id, string name, ushort type)
    {
        ArgumentNullException.ThrowIfNull(name);
        int needed = DnsHeaderLayout.Length + EncodedNameLength(name) + 4;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"a query for '{name}' needs {needed} bytes", nameof(destination));
        }

        destination[..DnsHeaderLayout.Length].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[DnsHeaderLayout.Id..], id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[DnsHeaderLayout.Flags..], DnsHeaderLayout.RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[DnsHeaderLayout.QuestionCount..], 1);
        int offset = DnsHeaderLayout.Length;
        foreach (string label in Labels(name))
        {
            destination[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, destination[offset..]);
        }

        destination[offset++] = 0; // the root label ends the name
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], DnsHeaderLayout.ClassInternet);
        return offset + 4;
    }

    /// <summary>Bytes the name takes on the wire: a length byte per label, the labels, the root byte.</summary>
    public static int EncodedNameLength(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length = 1;
        foreach (string label in Labels(name))
        {
            if (label.Length is 0 or > DnsHeaderLayout.MaxLabelLength || !Ascii.IsValid(label))
            {
                throw new ArgumentException($"'{name}' has an invalid label '{label}'", nameof(name));
            }

            length += 1 + label.Length;
        }

        return length <= DnsHeaderLayout.MaxNameLength
            ? length
            : throw new ArgumentException($"'{name}' is longer than {DnsHeaderLayout.MaxNameLength} bytes on the wire", nameof(name));
    }

    private static string[] Labels(string name)
    {
        string trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length == 0 ? [] : trimmed.Split('.');
    }
}
