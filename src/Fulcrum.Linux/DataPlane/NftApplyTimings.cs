namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Where the time of one <see cref="NftDataPlane.ApplyAsync"/> went (the benchmark reads it):
/// translating the plan into a batch, encoding the batch as netlink messages, the kernel's work
/// (from sendmsg, inside which nf_tables applies and commits the batch, to the last ACK read), and
/// cutting removed servers' flows through ctnetlink. <see cref="KernelCpu"/> is the kernel part and
/// <see cref="Cpu"/> translation, encoding and kernel together as the thread's CPU time: the work
/// without the waits for a core.
/// </summary>
internal readonly record struct NftApplyTimings(TimeSpan Translate, TimeSpan Encode, TimeSpan Kernel, TimeSpan KernelCpu, TimeSpan CutFlows)
{
    /// <summary>Thread CPU time of translation, encoding and the kernel's commit.</summary>
    public TimeSpan Cpu { get; init; }
}
