namespace Fulcrum.Lab;

/// <summary>The lab cannot be built, inspected or removed; the message says why, for a person.</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
