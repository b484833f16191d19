using System.Runtime.InteropServices;

namespace Fulcrum.Health.Interop;

/// <summary>struct sock_fprog (include/uapi/linux/filter.h): the program SO_ATTACH_FILTER takes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly unsafe struct sock_fprog(ushort len, sock_filter* filter)
{
    public ushort len { get; } = len;

    public sock_filter* filter { get; } = filter;
}
