namespace Fulcrum.Core.Config;

/// <summary>
/// Runs a program; exit status 0 is healthy. With <see cref="DynamicWeight"/> the exit status follows
/// keepalived's <c>misc_dynamic</c>: 0 healthy (weight unchanged), 1 unhealthy, 2-255 healthy with
/// weight = status - 2. The program finds the server in <c>FULCRUM_SERVER_ADDRESS</c> and <c>FULCRUM_SERVER_PORT</c>.
/// </summary>
/// <param name="Run">Absolute path of the program, then its arguments, separated by spaces.</param>
/// <param name="DynamicWeight">Whether the exit status sets the weight (keepalived <c>misc_dynamic</c>).</param>
public sealed record CommandProbe(string Run, bool DynamicWeight) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port => null;
}
