namespace Fulcrum.Core.Vrrp;

/// <summary>Runs the configured notify command for one transition (a process in production).</summary>
public interface IVrrpNotifyCommand
{
    /// <summary>Runs the command to completion (or its time limit) for <paramref name="transition"/>.</summary>
    Task RunAsync(VrrpTransition transition, CancellationToken cancellationToken);
}
