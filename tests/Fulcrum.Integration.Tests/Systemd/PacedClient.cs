using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Fulcrum.Integration.Tests.DataPlane;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>
/// A client in the lab's client namespace that starts one request through the VIP every 20 ms, each
/// on a new connection, whatever the previous one is doing (a slow answer does not slow the pace);
/// each outcome is recorded. A request fails when it gets no answer within 3 s.
/// </summary>
internal sealed class PacedClient : IAsyncDisposable
{
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentBag<Task> _requests = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _disposed;

    public PacedClient(string clientNamespace, IPEndPoint vip)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Pace);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                _requests.Add(RequestAsync(clientNamespace, vip));
            }
        });
    }

    /// <summary>(time since the start, server name or "error: ...").</summary>
    public ConcurrentQueue<(TimeSpan At, string Outcome)> Results { get; } = new();

    public int Count => Results.Count;

    public IReadOnlyList<(TimeSpan At, string Outcome)> Failures => [.. Results.Where(r => r.Outcome.StartsWith("error", StringComparison.Ordinal))];

    /// <summary>Waits until <paramref name="more"/> more requests have answered (so a phase is covered by traffic after it too).</summary>
    public async Task WaitForMoreAsync(int more)
    {
        int target = Count + more;
        var deadline = Stopwatch.StartNew();
        while (Count < target && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(Pace);
        }
    }

    /// <summary>What the client saw, for messages: requests, failures and the first few of them.</summary>
    public string Summary() =>
        $"{Count} requests, {Failures.Count} failed" +
        string.Concat(Failures.Take(5).Select(f => $"\n  at {f.At.TotalSeconds:0.000} s: {f.Outcome}"));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // stopped early by the test to look at the results
        }

        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_requests);
        _stop.Dispose();
    }

    private async Task RequestAsync(string ns, IPEndPoint vip)
    {
        var at = _clock.Elapsed;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var reply = await LabHttp.GetAsync(ns, vip, cancel: timeout.Token).ConfigureAwait(false);
            Results.Enqueue((at, reply.Server));
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException or FormatException)
        {
            Results.Enqueue((at, "error: " + e.GetType().Name + " " + e.Message));
        }
    }
}
