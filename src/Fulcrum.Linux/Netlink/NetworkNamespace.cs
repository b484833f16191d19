using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>
/// Runs code inside a named network namespace (<c>ip netns exec NAME ...</c> for one function).
/// setns(2) moves only the calling thread, so the function runs on a dedicated thread that enters
/// <c>/run/netns/NAME</c> and then ends; sockets it creates stay in that namespace for their life.
/// </summary>
public static class NetworkNamespace
{
    private const string NamespaceDirectory = "/run/netns";

    /// <summary>Runs <paramref name="action"/> on a fresh thread inside namespace <paramref name="name"/> and returns its result.</summary>
    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(action);
        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a namespace name.", nameof(name));
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var namespaceFile = File.OpenHandle(Path.Combine(NamespaceDirectory, name), FileMode.Open, FileAccess.Read);
                if (Libc.setns(namespaceFile, NetlinkConstants.CLONE_NEWNET) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    throw new InvalidOperationException(
                        $"setns({NamespaceDirectory}/{name}, CLONE_NEWNET) failed: {ErrnoNames.Of(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}).");
                }

                result = action();
            }
#pragma warning disable CA1031 // Any failure is rethrown on the caller's thread below.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = "netns " + name,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
