using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Fulcrum.Lab.Interop;

namespace Fulcrum.Lab;

/// <summary><see cref="IProcessControl"/> over /proc and kill(2).</summary>
public sealed class LinuxProcessControl : IProcessControl
{
    public bool IsRunning(int pid)
    {
        // A killed daemon whose parent never reaps it stays a zombie ('Z'); it holds nothing any more.
        var stat = ReadProcFile(pid, "stat");
        if (stat is null)
        {
            return false;
        }

        // Format: "pid (comm) S ...": the state follows the last ')' because comm may contain one.
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
    }

    public string? ReadCommandLine(int pid) =>
        ReadProcFile(pid, "cmdline")?.Replace('\0', ' ').Trim();

    public void Terminate(int pid) => Send(pid, LibC.SIGTERM);

    public void Kill(int pid) => Send(pid, LibC.SIGKILL);

    private static void Send(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (LibC.Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.ESRCH)
            {
                throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
            }
        }
    }

    private static string? ReadProcFile(int pid, string name)
    {
        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/{name}"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
