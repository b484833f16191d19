using System.Globalization;

namespace Fulcrum.Health.Engine;

/// <summary>A dynamic weight as a log shows it: the number, or "configured" when the probe reported none.</summary>
internal readonly record struct WeightText(ushort? Weight)
{
    public override string ToString() => Weight?.ToString(CultureInfo.InvariantCulture) ?? "configured";
}
