namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Where the time of one <see cref="NftablesClient.Commit"/> went: encoding the batch as netlink
/// messages in this process, and the kernel's round trip (sendmsg, inside which nf_tables applies
/// and commits the whole batch, until the last ACK is read), as wall time and as the calling
/// thread's CPU time (the kernel works on the batch in the caller's context, so the CPU time is
/// the work without the waits for a core of a loaded machine).
/// </summary>
internal readonly record struct NftCommitTimings(TimeSpan Encode, TimeSpan Kernel, TimeSpan KernelCpu);
