using System.Runtime.InteropServices;

namespace Fulcrum.Health.Interop;

/// <summary>struct sock_filter (include/uapi/linux/filter.h): one classic BPF instruction.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct sock_filter(ushort code, byte jt, byte jf, uint k)
{
    public ushort code { get; } = code;

    public byte jt { get; } = jt;

    public byte jf { get; } = jf;

    public uint k { get; } = k;
}
