using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>Log messages of resuming mastership after a restart, of the graceful hand-over and of the graceful stop.</summary>
internal static partial class VrrpLog
{
    [LoggerMessage(5020, LogLevel.Information, "VRRP group {Group}: every virtual address is still on its interface (a restart of the master): listening {Window} for another master before resuming")]
    public static partial void Resuming(ILogger logger, string group, TimeSpan window);

    [LoggerMessage(5025, LogLevel.Information, "VRRP group {Group}: every virtual address is still on its interface (a restart of the master) and the previous run was alive {DownFor} ago, less than 3 advert intervals (the peer cannot have taken over): resuming at once")]
    public static partial void ResumingAtOnce(ILogger logger, string group, TimeSpan downFor);

    [LoggerMessage(5021, LogLevel.Information, "VRRP {Instance}: {Master} is master: the group gives up the virtual addresses kept from before the restart")]
    public static partial void ResumeYielded(ILogger logger, string instance, IPAddress master);

    [LoggerMessage(5022, LogLevel.Information, "VRRP group {Group}: handing mastership over: priority {Priority} and a priority-0 advert")]
    public static partial void HandingOver(ILogger logger, string group, byte priority);

    [LoggerMessage(5023, LogLevel.Information, "VRRP group {Group}: hand-over done ({State}); priority back to {Priority}")]
    public static partial void HandOverDone(ILogger logger, string group, VrrpState state, byte priority);

    [LoggerMessage(5024, LogLevel.Information, "VRRP {Instance}: resigned; virtual addresses removed ({Reason})")]
    public static partial void Released(ILogger logger, string instance, string reason);
}
