using System.Runtime.InteropServices;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// Scheduling of the VRRP threads. The main VRRP thread and the receive threads go to the SCHED_RR
/// real-time class (keepalived's <c>vrrp_rt_priority</c>), so busy processes at normal priority
/// cannot delay an advert. The standby VRRP thread stays in the normal class at nice -20: the kernel
/// places a waking normal thread on an idle CPU, which it never does for a real-time one (a woken
/// real-time thread waits for the CPU it last ran on when that CPU runs a normal task, counting on
/// preempting it — and a normal task inside a long kernel section, such as a 10,000-service
/// nf_tables commit, is not preempted until it leaves it: measured 390–630 ms). Both need
/// CAP_SYS_NICE; without it a thread stays as it is and the call reports false.
/// </summary>
public static class RealtimeScheduling
{
    // include/uapi/linux/sched.h
    private const int SCHED_RR = 2;

    /// <summary>A low real-time priority: above every normal thread, below the kernel's own real-time work.</summary>
    public const int DefaultPriority = 10;

    /// <summary>The standby thread's nice value: the highest weight in the normal class.</summary>
    public const int StandbyNice = -20;

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

    /// <summary>Gives the calling thread (normal class) nice <see cref="StandbyNice"/>; false when the kernel refused.</summary>
    public static bool TryApplyStandbyToCurrentThread()
    {
        if (Libc.setpriority(Libc.PRIO_PROCESS, 0, StandbyNice) == 0)
        {
            return true;
        }

        _ = Marshal.GetLastPInvokeError();
        return false;
    }
}
