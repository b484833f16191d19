namespace Fulcrum.Lab;

/// <summary>
/// Where the lab looks for programs: the caller's PATH plus the sbin directories, which a non-login
/// shell or <c>sudo</c> may leave out although <c>ip</c> and <c>nginx</c> live there.
/// </summary>
internal static class ToolPath
{
    private static readonly string[] SbinDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>The PATH given to every child process.</summary>
    public static string SearchPath { get; } = string.Join(':', Directories());

    /// <summary>The full path of an executable, or null when none is found.</summary>
    public static string? Find(string program) =>
        Directories()
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);

    private static IEnumerable<string> Directories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SbinDirectories)
            .Distinct(StringComparer.Ordinal);

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
