using System.Diagnostics;
using System.Globalization;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// Runs the notify program for a transition, the way keepalived calls its notify script:
/// <c>PROGRAM INSTANCE NAME STATE PRIORITY</c> with STATE one of MASTER, BACKUP, FAULT, STOP;
/// plus FULCRUM_VRRP_SEQUENCE, _GROUP, _FROM, _TO and _REASON in the environment. No shell is
/// involved. A program still running after the time limit is killed (by its pid).
/// </summary>
public sealed class ProcessNotifyCommand : IVrrpNotifyCommand
{
    private readonly string _program;
    private readonly TimeSpan _timeLimit;

    /// <summary>Creates the command for <paramref name="program"/> (an executable path).</summary>
    public ProcessNotifyCommand(string program, TimeSpan timeLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        _program = program;
        _timeLimit = timeLimit;
    }

    /// <summary>keepalived's name for a state.</summary>
    public static string StateName(VrrpState state) => state switch
    {
        VrrpState.Master => "MASTER",
        VrrpState.Backup => "BACKUP",
        VrrpState.Fault => "FAULT",
        _ => "STOP",
    };

    /// <inheritdoc />
    public async Task RunAsync(VrrpTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var start = new ProcessStartInfo(_program) { UseShellExecute = false };
        start.ArgumentList.Add("INSTANCE");
        start.ArgumentList.Add(transition.Instance);
        start.ArgumentList.Add(StateName(transition.To));
        start.ArgumentList.Add(transition.Priority.ToString(CultureInfo.InvariantCulture));
        start.Environment["FULCRUM_VRRP_SEQUENCE"] = transition.Sequence.ToString(CultureInfo.InvariantCulture);
        start.Environment["FULCRUM_VRRP_GROUP"] = transition.Group;
        start.Environment["FULCRUM_VRRP_FROM"] = StateName(transition.From);
        start.Environment["FULCRUM_VRRP_TO"] = StateName(transition.To);
        start.Environment["FULCRUM_VRRP_REASON"] = transition.Reason.ToString();

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{_program}'.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Notify program '{_program}' ran longer than {_timeLimit.TotalSeconds:0.#} s and was killed (transition #{transition.Sequence}).");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Notify program '{_program}' exited {process.ExitCode} (transition #{transition.Sequence}).");
        }
    }
}
