using System.Diagnostics;
using System.Globalization;
using Fulcrum.Core.DataPlane;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// <see cref="IFlowTerminator"/> over conntrack(8) (<c>conntrack -D --mark M</c>, inside the
/// balancer's network namespace when one is named). The stop-gap until the ctnetlink client lands:
/// it works, but costs a process per mark.
/// </summary>
public sealed class ConntrackToolFlowTerminator(string? networkNamespace = null) : IFlowTerminator
{
    /// <inheritdoc />
    public async Task TerminateAsync(IReadOnlyCollection<uint> marks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        foreach (var mark in marks)
        {
            string[] command = ["conntrack", "-D", "--mark", mark.ToString(CultureInfo.InvariantCulture)];
            var start = new ProcessStartInfo(networkNamespace is null ? command[0] : "ip")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in networkNamespace is null ? command[1..] : ["netns", "exec", networkNamespace, .. command])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new DataPlaneException("could not start conntrack(8)");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await output.ConfigureAwait(false);

            // Exit status 1 with "0 flow entries have been deleted" only means there was nothing to cut.
            if (process.ExitCode != 0 && !error.Contains(" 0 flow entries", StringComparison.Ordinal))
            {
                throw new DataPlaneException($"conntrack -D --mark {mark} failed ({process.ExitCode}): {error.Trim()}");
            }
        }
    }
}
