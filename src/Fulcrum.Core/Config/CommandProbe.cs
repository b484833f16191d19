namespace Fulcrum.Core.Config;

/// <summary>
/// Runs a program; exit status 0 is healthy. With <see cref="DynamicWeight"/> the first line of its
/// output, a number 0-65535, becomes the server's weight.
/// </summary>
/// <param name="Run">Absolute path of the program, then its arguments, separated by spaces.</param>
/// <param name="DynamicWeight">Whether the program's output sets the weight.</param>
public sealed record CommandProbe(string Run, bool DynamicWeight) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port => null;
}
