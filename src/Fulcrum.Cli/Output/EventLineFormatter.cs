using System.Globalization;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Output;

/// <summary>One line per runtime event for <c>fulcrum events</c>: UTC time, sequence number, kind, message.</summary>
internal static class EventLineFormatter
{
    public static string Format(RuntimeEvent e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z  #{e.Seq}  {e.Kind}  {e.Message.Replace('\n', ' ')}");

    /// <summary>The note printed when the daemon's ring dropped events the client had not seen yet.</summary>
    public static string Gap(long after, long firstSeen) => string.Create(
        CultureInfo.InvariantCulture,
        $"-- events #{after + 1}..#{firstSeen - 1} are gone (the daemon keeps the last 1,000) --");
}
