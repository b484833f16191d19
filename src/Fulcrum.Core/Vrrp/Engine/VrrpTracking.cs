namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The tracked objects' states and what they mean for the sync group: a fault (a weight-0 object
/// is down) and the effective priority (configured priority plus the weights in force, clamped to
/// 1–254, as keepalived does). An object whose state was never reported counts as up.
/// </summary>
public sealed class VrrpTracking
{
    private readonly Dictionary<string, int> _weights;
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);

    /// <summary>Creates tracking over <paramref name="objects"/>; names must be distinct.</summary>
    public VrrpTracking(IEnumerable<VrrpTrackedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        _weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tracked in objects)
        {
            if (tracked.Weight is < -VrrpConstants.MaximumBackupPriority or > VrrpConstants.MaximumBackupPriority)
            {
                throw new ArgumentException($"Tracked '{tracked.Name}': weight {tracked.Weight} is outside −254…254.", nameof(objects));
            }

            if (!_weights.TryAdd(tracked.Name, tracked.Weight))
            {
                throw new ArgumentException($"'{tracked.Name}' is tracked twice.", nameof(objects));
            }
        }
    }

    /// <summary>The tracked names.</summary>
    public IEnumerable<string> Names => _weights.Keys;

    /// <summary>Whether a weight-0 object is down.</summary>
    public bool IsFault => _down.Any(name => _weights[name] == 0);

    /// <summary>Whether <paramref name="name"/> is tracked.</summary>
    public bool Tracks(string name) => _weights.ContainsKey(name);

    /// <summary>Whether <paramref name="name"/> is reported down.</summary>
    public bool IsDown(string name) => _down.Contains(name);

    /// <summary>Records a state; returns true when it changed. Untracked names are ignored (false).</summary>
    public bool Set(string name, bool up)
    {
        if (!_weights.ContainsKey(name))
        {
            return false;
        }

        return up ? _down.Remove(name) : _down.Add(name);
    }

    /// <summary>The effective priority for <paramref name="configured"/>: plus positive weights of objects up, plus negative weights of objects down.</summary>
    public byte EffectivePriority(byte configured)
    {
        var priority = (int)configured;
        foreach (var (name, weight) in _weights)
        {
            var down = _down.Contains(name);
            if ((weight > 0 && !down) || (weight < 0 && down))
            {
                priority += weight;
            }
        }

        return (byte)Math.Clamp(priority, 1, VrrpConstants.MaximumBackupPriority);
    }
}
