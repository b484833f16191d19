using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// Samples where the VIPs are every 50 ms on a thread of its own, and reports the longest time they
/// were split across nodes (public VIP and private VIP held by different sets of balancers).
/// </summary>
internal sealed class VipSampler : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private readonly VipLocator _vips;
    private readonly List<(TimeSpan At, (bool Public, bool Private)[] Sample)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private volatile bool _running = true;

    public VipSampler(VipLocator vips)
    {
        _vips = vips;
        _thread = new Thread(Run) { IsBackground = true, Name = "vip sampler" };
        _thread.Start();
    }

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>The longest span from the first to the last sample of an unbroken run of split samples.</summary>
    public TimeSpan LongestSplit()
    {
        lock (_samples)
        {
            var longest = TimeSpan.Zero;
            TimeSpan? runStart = null;
            foreach (var (at, sample) in _samples)
            {
                if (IsSplit(sample))
                {
                    runStart ??= at;
                    longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (at - runStart.Value).Ticks));
                }
                else
                {
                    runStart = null;
                }
            }

            return longest;
        }
    }

    public string Describe()
    {
        lock (_samples)
        {
            return string.Join("\n", _samples.Select(s => $"{s.At.TotalMilliseconds:0} ms: lb1 {s.Sample[0]}, lb2 {s.Sample[1]}"));
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
    }

    private static bool IsSplit((bool Public, bool Private)[] sample) =>
        sample[0].Public != sample[0].Private || sample[1].Public != sample[1].Private;

    private void Run()
    {
        var next = _clock.Elapsed;
        while (_running)
        {
            var sample = _vips.Sample();
            lock (_samples)
            {
                _samples.Add((_clock.Elapsed, sample));
            }

            next += Period;
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }
    }
}
