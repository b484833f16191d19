namespace Fulcrum.Integration.Tests;

/// <summary>A theory with the prerequisites of <see cref="PrivilegedFactAttribute"/>; skipped with the same reason.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PrivilegedTheoryAttribute : TheoryAttribute
{
    public PrivilegedTheoryAttribute()
    {
        if (PrivilegedFactAttribute.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
