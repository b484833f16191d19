namespace Fulcrum.Core.Vrrp;

/// <summary>Runs a track command once (a child process in production).</summary>
public interface IVrrpTrackCommand
{
    /// <summary>
    /// Runs <paramref name="run"/> (program path, then arguments, space separated) to completion;
    /// true when it exited 0. When <paramref name="cancellationToken"/> fires (the timeout, or a
    /// stop) the command is killed and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    Task<bool> RunAsync(string run, CancellationToken cancellationToken);
}
