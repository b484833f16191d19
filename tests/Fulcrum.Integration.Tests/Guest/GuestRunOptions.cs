namespace Fulcrum.Integration.Tests.Guest;

/// <summary>How <see cref="GuestKernel.RunAsync"/> boots the guest (the options of <c>scripts/guest-kernel</c>).</summary>
/// <param name="ResultsDirectory">The run's directory, shared writable at the same path inside; created if missing.</param>
/// <param name="Modules">Modules to load on top of the script's default set.</param>
/// <param name="MemoryMegabytes">Guest memory.</param>
/// <param name="Timeout">qemu is killed after this long.</param>
public sealed record GuestRunOptions(string ResultsDirectory, IReadOnlyList<string> Modules, int MemoryMegabytes, TimeSpan Timeout);
