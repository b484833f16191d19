using System.Globalization;
using Fulcrum.Bench;
using Fulcrum.Core.Scheduling;

// Usage: dotnet run -c Release --project bench/Fulcrum.Bench -- [maglev] [--runs N]
// Prints medians over N runs (default 21) and the ratio against a baseline measured in the same run.
int runs = 21;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs" && i + 1 < args.Length)
    {
        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
}

const double GoalMs = 5.0; // issue 3: a 65,537-entry table in <= 5 ms
bool allMet = true;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"maglev: table of {MaglevTable.DefaultSize} slots, {runs} runs each, goal <= {GoalMs} ms"));
foreach (int count in new[] { 4, 100, 1000 })
{
    var backends = Enumerable.Range(0, count)
        .Select(i => new MaglevBackend($"10.{i / 65536}.{i / 256 % 256}.{i % 256}:80", 1 + (i % 3)))
        .ToList();
    var keys = backends.Select(b => b.Key).ToList();

    var baseline = Measurement.Run($"textbook (unweighted), {count} backends", runs, () => TextbookMaglev.Build(keys, MaglevTable.DefaultSize));
    var fulcrum = Measurement.Run($"MaglevTable (weights 1-3), {count} backends", runs, () => MaglevTable.Build(backends));
    bool met = fulcrum.MedianMs <= GoalMs;
    allMet &= met;
    Console.WriteLine(baseline);
    Console.WriteLine(fulcrum);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  ratio to baseline {fulcrum.MedianMs / baseline.MedianMs:F2}x; goal {(met ? "met" : "NOT met")}"));
}

return allMet ? 0 : 1;
