namespace Fulcrum.Core.Firewall;

/// <summary>What a rule does with a packet that matched all its terms.</summary>
public enum FirewallVerdict
{
    /// <summary>Nothing: the next rule sees the packet (a rule that only logs or counts).</summary>
    Continue,

    /// <summary><c>accept</c>: this chain lets the packet through (other base chains still see it).</summary>
    Accept,

    /// <summary><c>drop</c>: the packet is gone, whatever any other chain would say.</summary>
    Drop,
}
