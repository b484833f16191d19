using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Fulcrum.Integration.Tests.DataPlane;

namespace Fulcrum.Integration.Tests.Daemon;

/// <summary>
/// A client in the lab's client namespace sending requests through the VIP without pause, a new
/// connection each (as most clients do), a few in parallel; every outcome is recorded with its time.
/// </summary>
internal sealed class ClientLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _disposed;

    public ClientLoop(string clientNamespace, IPEndPoint vip, int parallel = 4)
    {
        _workers = [.. Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var at = _clock.Elapsed;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(TimeSpan.FromSeconds(3));
                    var reply = await LabHttp.GetAsync(clientNamespace, vip, cancel: timeout.Token);
                    Results.Enqueue((at, reply.Server));
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException or FormatException)
                {
                    Results.Enqueue((at, "error: " + e.GetType().Name + " " + e.Message));
                }
            }
        }))];
    }

    /// <summary>(time since the loop started, server name or "error: ...").</summary>
    public ConcurrentQueue<(TimeSpan At, string Outcome)> Results { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, string Outcome)> Failures => [.. Results.Where(r => r.Outcome.StartsWith("error", StringComparison.Ordinal))];

    public int Count => Results.Count;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // stopped early by the test to look at the results
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
