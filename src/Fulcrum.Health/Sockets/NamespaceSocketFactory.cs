using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Fulcrum.Health.Interop;

namespace Fulcrum.Health.Sockets;

/// <summary>
/// Makes probe sockets inside another network namespace (<c>/run/netns/NAME</c>), so a process in
/// one namespace can probe from another: a dedicated thread enters the namespace with setns(2)
/// (which moves only that thread) and creates every socket; a socket stays in the namespace it was
/// made in, so it is then used from any thread. Needs CAP_SYS_ADMIN.
/// </summary>
public sealed class NamespaceSocketFactory : ProbeSocketFactory, IDisposable
{
    private readonly BlockingCollection<Request> _requests = [];
    private readonly Thread _thread;

    /// <summary>Enters namespace <paramref name="name"/> on a new thread.</summary>
    /// <exception cref="Win32Exception">The namespace does not exist or setns failed.</exception>
    public NamespaceSocketFactory(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Namespace = name;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Run(name, entered)) { IsBackground = true, Name = $"netns {name}" };
        _thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>The namespace's name.</summary>
    public string Namespace { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeSynProber();
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }

    /// <inheritdoc />
    protected override Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var request = new Request(family, type, protocol);
        _requests.Add(request);
        return request.Result.Task.GetAwaiter().GetResult();
    }

    private void Run(string name, TaskCompletionSource entered)
    {
        try
        {
            using (var ns = File.OpenHandle(Path.Combine("/run/netns", name)))
            {
                if (LibC.SetNs((int)ns.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    throw new Win32Exception(errno, $"setns into network namespace '{name}' failed");
                }
            }

            entered.SetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception)
        {
            entered.SetException(e);
            return;
        }

        foreach (Request request in _requests.GetConsumingEnumerable())
        {
            try
            {
                request.Result.SetResult(new Socket(request.Family, request.Type, request.Protocol));
            }
            catch (SocketException e)
            {
                request.Result.SetException(e);
            }
        }
    }

    private sealed record Request(AddressFamily Family, SocketType Type, ProtocolType Protocol)
    {
        public TaskCompletionSource<Socket> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
