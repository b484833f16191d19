using System.Runtime.InteropServices;

namespace Fulcrum.Health.Interop;

/// <summary>The few libc calls health checking needs that .NET does not expose.</summary>
internal static partial class LibC
{
    // include/uapi/linux/sched.h
    public const int CLONE_NEWNET = 0x40000000;

    // include/uapi/asm-generic/signal.h
    public const int SIGKILL = 9;

    // include/uapi/asm-generic/errno-base.h
    public const int ESRCH = 3;

    // include/uapi/linux/in.h: SOL_IP level, IP_BIND_ADDRESS_NO_PORT option.
    public const int SOL_IP = 0;
    public const int IP_BIND_ADDRESS_NO_PORT = 24;

    // include/uapi/asm-generic/socket.h: SOL_SOCKET level, SO_ATTACH_FILTER option.
    public const int SOL_SOCKET = 1;
    public const int SO_ATTACH_FILTER = 26;
    public const int SO_RCVBUFFORCE = 33;

    // include/uapi/linux/socket.h and include/uapi/linux/icmp.h: SOL_RAW level, ICMP_FILTER option.
    public const int SOL_RAW = 255;
    public const int ICMP_FILTER = 1;

    // include/uapi/linux/icmp.h: destination unreachable and its codes.
    public const byte ICMP_DEST_UNREACH = 3;
    public const byte ICMP_NET_UNREACH = 0;
    public const byte ICMP_PORT_UNREACH = 3;
    public const byte ICMP_NET_UNKNOWN = 6;
    public const byte ICMP_NET_ANO = 9;
    public const byte ICMP_NET_UNR_TOS = 11;

    // include/uapi/linux/bpf_common.h and filter.h: classic BPF opcodes.
    public const ushort BPF_LD = 0x00;
    public const ushort BPF_LDX = 0x01;
    public const ushort BPF_ALU = 0x04;
    public const ushort BPF_JMP = 0x05;
    public const ushort BPF_RET = 0x06;
    public const ushort BPF_H = 0x08;
    public const ushort BPF_B = 0x10;
    public const ushort BPF_IND = 0x40;
    public const ushort BPF_MSH = 0xa0;
    public const ushort BPF_K = 0x00;
    public const ushort BPF_AND = 0x50;
    public const ushort BPF_JEQ = 0x10;
    public const ushort BPF_JSET = 0x40;

    /// <summary>setns(2): moves the calling thread (only) into the namespace <paramref name="fd"/> refers to.</summary>
    // include/uapi/linux/resource.h
    public const int PRIO_PROCESS = 0;

    /// <summary>setpriority(2); on Linux, PRIO_PROCESS with who 0 sets the nice value of the calling thread only.</summary>
    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int setpriority(int which, uint who, int prio);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    /// <summary>kill(2); a negative pid signals the whole process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int sig);
}
