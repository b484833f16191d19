namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// One daemon per node: an exclusive lock (flock) on <see cref="NodePaths.LockFile"/>, released by
/// the kernel when the process ends, however it ends (kill -9 included). The file holds the pid.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream _file;

    private InstanceLock(FileStream file) => _file = file;

    /// <summary>Takes the lock; null with a reason when another daemon holds it.</summary>
    public static InstanceLock? TryAcquire(NodePaths paths, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(paths);
        System.IO.Directory.CreateDirectory(paths.Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(paths.Directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Linux; a second open fails at once.
            file = new FileStream(paths.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(paths.LockFile).Trim();
            }
            catch (IOException)
            {
                holder = "?";
            }

            reason = $"another fulcrum daemon (pid {holder}) already runs for this node: {paths.LockFile} is locked";
            return null;
        }

        file.SetLength(0);
        using (var writer = new StreamWriter(file, leaveOpen: true))
        {
            writer.Write(Environment.ProcessId);
        }

        file.Flush();
        reason = null;
        return new InstanceLock(file);
    }

    public void Dispose() => _file.Dispose();
}
