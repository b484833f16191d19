namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ct state established,related</c>: the flow's conntrack state is one of <paramref name="States"/>.</summary>
public sealed record CtStateTerm(CtStates States) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString()
    {
        var names = new List<string>();
        foreach ((CtStates state, string name) in new[] { (CtStates.Invalid, "invalid"), (CtStates.Established, "established"), (CtStates.Related, "related"), (CtStates.New, "new"), (CtStates.Untracked, "untracked") })
        {
            if (States.HasFlag(state))
            {
                names.Add(name);
            }
        }

        return "ct state " + string.Join(',', names);
    }
}
