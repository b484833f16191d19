using System.Diagnostics;
using System.Globalization;
using Fulcrum.Core.DataPlane;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// <see cref="IFlowTerminator"/> and <see cref="IConnectionCounter"/> over conntrack(8), inside
/// the balancer's network namespace when one is named: <c>conntrack -D --mark M</c> and
/// <c>conntrack -L</c>. The stop-gap until the ctnetlink client lands: it works, but costs a
/// process per call and parses text.
/// </summary>
public sealed class ConntrackTool(string? networkNamespace = null) : IFlowTerminator, IConnectionCounter
{
    /// <inheritdoc />
    public async Task TerminateAsync(IReadOnlyCollection<uint> marks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        foreach (var mark in marks)
        {
            var (exit, _, error) = await RunAsync(["-D", "--mark", mark.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);

            // Exit status 1 with "0 flow entries have been deleted" only means there was nothing to cut.
            if (exit != 0 && !error.Contains(" 0 flow entries", StringComparison.Ordinal))
            {
                throw new DataPlaneException($"conntrack -D --mark {mark} failed ({exit}): {error.Trim()}");
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<uint, long>> CountByMarkAsync(CancellationToken cancellationToken)
    {
        var (exit, output, error) = await RunAsync(["-L"], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new DataPlaneException($"conntrack -L failed ({exit}): {error.Trim()}");
        }

        return CountLines(output);
    }

    /// <summary>Counts <c>conntrack -L</c> lines by their <c>mark=N</c>, leaving out closing TCP connections.</summary>
    internal static Dictionary<uint, long> CountLines(string listing)
    {
        var counts = new Dictionary<uint, long>();
        foreach (var line in listing.Split('\n'))
        {
            if (line.Contains(" TIME_WAIT ", StringComparison.Ordinal) || line.Contains(" CLOSE ", StringComparison.Ordinal))
            {
                continue;
            }

            var at = line.IndexOf(" mark=", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var value = line.AsSpan(at + " mark=".Length);
            var end = value.IndexOf(' ');
            if (uint.TryParse(end < 0 ? value : value[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var mark) && mark != 0)
            {
                counts[mark] = counts.GetValueOrDefault(mark) + 1;
            }
        }

        return counts;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? "conntrack" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in networkNamespace is null ? arguments : ["netns", "exec", networkNamespace, "conntrack", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new DataPlaneException("could not start conntrack(8)");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false), error);
    }
}
