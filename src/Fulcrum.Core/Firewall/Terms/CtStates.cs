namespace Fulcrum.Core.Firewall.Terms;

/// <summary>Conntrack states as the kernel's <c>ct state</c> bits (NF_CT_STATE_BIT, NF_CT_STATE_INVALID_BIT, NF_CT_STATE_UNTRACKED_BIT).</summary>
[Flags]
public enum CtStates : uint
{
    /// <summary>No state.</summary>
    None = 0,

    /// <summary><c>invalid</c>.</summary>
    Invalid = 1,

    /// <summary><c>established</c>.</summary>
    Established = 2,

    /// <summary><c>related</c>.</summary>
    Related = 4,

    /// <summary><c>new</c>.</summary>
    New = 8,

    /// <summary><c>untracked</c>.</summary>
    Untracked = 64,
}
