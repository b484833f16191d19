namespace Fulcrum.Core.Config;

/// <summary>A command run periodically whose exit status moves the VRRP priority (keepalived's <c>vrrp_script</c>).</summary>
/// <param name="Name">Name of the tracked object (<c>command:NAME</c> in logs).</param>
/// <param name="Run">Absolute path of the program, then its arguments, separated by spaces; exit 0 is up.</param>
/// <param name="Interval">Time between the starts of two runs.</param>
/// <param name="Timeout">A run still going after this is killed and counts as a failure; less than <paramref name="Interval"/>.</param>
/// <param name="Rise">Consecutive successes that make the object up.</param>
/// <param name="Fall">Consecutive failures that make the object down.</param>
/// <param name="Weight">-254 to 254, as for <see cref="TrackedWeight"/>.</param>
public sealed record TrackedCommandConfig(string Name, string Run, TimeSpan Interval, TimeSpan Timeout, int Rise, int Fall, int Weight);
