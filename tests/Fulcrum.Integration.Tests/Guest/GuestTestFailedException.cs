namespace Fulcrum.Integration.Tests.Guest;

/// <summary>A test that failed inside the guest: the guest's message, and its stack trace in place of the host's.</summary>
public sealed class GuestTestFailedException : Exception
{
    private readonly string? _guestStackTrace;

    /// <summary>Creates the failure.</summary>
    public GuestTestFailedException(string message, string? guestStackTrace)
        : base(message) => _guestStackTrace = guestStackTrace;

    /// <summary>Creates the failure without a stack trace.</summary>
    public GuestTestFailedException()
    {
    }

    /// <summary>Creates the failure without a stack trace.</summary>
    public GuestTestFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the failure with a cause.</summary>
    public GuestTestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string? StackTrace => _guestStackTrace ?? base.StackTrace;
}
