using System.Globalization;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// A timestamp the daemon rewrites while it runs (<see cref="NodePaths.AliveFile"/>). A daemon that
/// starts after a crash learns how long the node was gone: less than three advert intervals, and the
/// peer cannot have taken over, so VRRP resumes mastership without listening first.
/// </summary>
internal static class AliveFile
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static void Write(string path, DateTimeOffset now) =>
        File.WriteAllText(path, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The time in the file, or null when there is none (first start) or it cannot be read.</summary>
    public static DateTimeOffset? Read(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
