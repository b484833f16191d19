using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

/// <summary>Owns a netlink socket descriptor and closes it exactly once.</summary>
internal sealed class SafeNetlinkSocketHandle : SafeHandle
{
    public SafeNetlinkSocketHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
