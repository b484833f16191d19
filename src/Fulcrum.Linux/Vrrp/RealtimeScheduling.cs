using System.Runtime.InteropServices;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// Puts the calling thread in the SCHED_RR real-time class (keepalived's <c>vrrp_rt_priority</c>),
/// so busy processes at normal priority cannot delay an advert. Needs CAP_SYS_NICE; without it the
/// thread stays in the normal class and the call reports false.
/// </summary>
public static class RealtimeScheduling
{
    // include/uapi/linux/sched.h
    private const int SCHED_RR = 2;

    /// <summary>A low real-time priority: above every normal thread, below the kernel's own real-time work.</summary>
    public const int DefaultPriority = 10;

    /// <summary>Moves the calling thread to SCHED_RR at <paramref name="priority"/>; false when the kernel refused.</summary>
    public static unsafe bool TryApplyToCurrentThread(int priority = DefaultPriority)
    {
        var param = priority;
        if (Libc.sched_setscheduler(0, SCHED_RR, &param) == 0)
        {
            return true;
        }

        _ = Marshal.GetLastPInvokeError();
        return false;
    }
}
