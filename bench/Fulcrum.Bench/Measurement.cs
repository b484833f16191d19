using System.Diagnostics;
using System.Globalization;

namespace Fulcrum.Bench;

/// <summary>Times an action over several runs after a warm-up and summarises in milliseconds.</summary>
internal sealed record Measurement(string Name, double MedianMs, double MinMs, double MaxMs, int Runs)
{
    public static Measurement Run(string name, int runs, Action action)
    {
        for (int i = 0; i < 3; i++)
        {
            action(); // warm-up: JIT tiers and caches, not measured
        }

        var samples = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        BenchResults.Record(name, "ms", samples);
        Array.Sort(samples);
        double median = runs % 2 == 1
            ? samples[runs / 2]
            : (samples[(runs / 2) - 1] + samples[runs / 2]) / 2;
        return new Measurement(name, median, samples[0], samples[^1], runs);
    }

    /// <summary>Summarises samples measured elsewhere (e.g. with set-up outside the timed part).</summary>
    public static Measurement FromSamples(string name, IReadOnlyCollection<double> samples)
    {
        BenchResults.Record(name, "ms", samples);
        var sorted = samples.Order().ToArray();
        var runs = sorted.Length;
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[(runs / 2) - 1] + sorted[runs / 2]) / 2;
        return new Measurement(name, median, sorted[0], sorted[^1], runs);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name,-44} median {MedianMs,8:F3} ms  min {MinMs,8:F3}  max {MaxMs,8:F3}  ({Runs} runs)");
}
