namespace Fulcrum.Linux.Netlink;

/// <summary>
/// The kernel refused a request: one or more NLMSG_ERROR replies with a non-zero errno, each
/// attributed to the message that caused it. For an nf_tables batch, any error means the kernel
/// aborted the whole transaction.
/// </summary>
public sealed class NetlinkException : Exception
{
    /// <summary>Creates the exception from the kernel's errors (at least one).</summary>
    public NetlinkException(IReadOnlyList<NetlinkError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception without kernel errors.</summary>
    public NetlinkException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and no kernel errors.</summary>
    public NetlinkException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message, a cause and no kernel errors.</summary>
    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    private NetlinkException(string message, IReadOnlyList<NetlinkError> errors)
        : base(message)
    {
        Errors = errors;
    }

    /// <summary>Every error, in the order the kernel sent them.</summary>
    public IReadOnlyList<NetlinkError> Errors { get; }

    /// <summary>The first error's errno (0 when there is none).</summary>
    public int Errno => Errors.Count > 0 ? Errors[0].Errno : 0;

    /// <summary>The first error's symbolic errno name, e.g. "ENOENT".</summary>
    public string? ErrnoName => Errors.Count > 0 ? Errors[0].ErrnoName : null;

    /// <summary>The first extended-ack message the kernel sent, if any.</summary>
    public string? ExtendedAckMessage => Errors.FirstOrDefault(e => e.ExtendedAckMessage is not null)?.ExtendedAckMessage;

    /// <summary>A failed system call on the netlink socket itself (not a kernel reply).</summary>
    public static NetlinkException FromErrno(string operation, int errno)
    {
        var error = new NetlinkError(errno, 0, operation, null, null, null);
        return new NetlinkException($"{operation} failed: {error.ErrnoName} ({error.Description}).", [error]);
    }

    private static string Format(IReadOnlyList<NetlinkError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return errors.Count == 1
            ? $"The kernel refused the request: {errors[0]}"
            : $"The kernel refused the request ({errors.Count} errors): {string.Join("; ", errors)}";
    }
}
