namespace Fulcrum.Core.Firewall;

/// <summary>The netfilter hook a base chain is attached to.</summary>
public enum FirewallHook
{
    /// <summary><c>hook prerouting</c>.</summary>
    Prerouting,

    /// <summary><c>hook input</c>.</summary>
    Input,

    /// <summary><c>hook forward</c>.</summary>
    Forward,

    /// <summary><c>hook postrouting</c>.</summary>
    Postrouting,

    /// <summary><c>hook output</c>: packets this node sends itself.</summary>
    Output,
}
