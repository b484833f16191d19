using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>The VRRP subsystem's log messages, with stable event ids 5000–5099.</summary>
internal static partial class VrrpLog
{
    [LoggerMessage(5000, LogLevel.Information, "VRRP {Instance}: {From} -> {To} ({Reason}), priority {Priority}, transition #{Sequence}")]
    public static partial void Transition(ILogger logger, string instance, VrrpState from, VrrpState to, VrrpTransitionReason reason, byte priority, long sequence);

    [LoggerMessage(5001, LogLevel.Warning, "VRRP on {Interface}: rejected a datagram from {Source}: {Reason} ({Suppressed} more since the last report)")]
    public static partial void Rejected(ILogger logger, string @interface, string source, VrrpRejectReason reason, long suppressed);

    [LoggerMessage(5002, LogLevel.Information, "VRRP {Instance}: removed stale virtual address {Address}/{PrefixLength} from {Interface} before starting")]
    public static partial void StaleAddressRemoved(ILogger logger, string instance, IPAddress address, int prefixLength, string @interface);

    [LoggerMessage(5003, LogLevel.Error, "VRRP {Instance}: {Operation} failed")]
    public static partial void ActionFailed(ILogger logger, string instance, string operation, Exception exception);

    [LoggerMessage(5004, LogLevel.Information, "VRRP tracking: {Tracked} is {State}; fault {Fault}, effective priority {Priority}")]
    public static partial void TrackingChanged(ILogger logger, string tracked, string state, bool fault, byte priority);

    [LoggerMessage(5005, LogLevel.Error, "VRRP notify command for transition #{Sequence} ({Instance}) failed")]
    public static partial void NotifyFailed(ILogger logger, long sequence, string instance, Exception exception);

    [LoggerMessage(5006, LogLevel.Information, "VRRP group {Group} started: {Members} instance(s), version {Version}, advert {Advert}, priority {Priority}")]
    public static partial void Started(ILogger logger, string group, int members, int version, TimeSpan advert, byte priority);

    [LoggerMessage(5007, LogLevel.Information, "VRRP group {Group} stopped")]
    public static partial void Stopped(ILogger logger, string group);

    [LoggerMessage(5014, LogLevel.Information, "VRRP group {Group} stopped for a restart: no resignation, the virtual addresses stay; the next start resumes")]
    public static partial void StoppedForRestart(ILogger logger, string group);

    [LoggerMessage(5008, LogLevel.Critical, "VRRP thread failed; the node stops taking part in VRRP")]
    public static partial void EngineFailed(ILogger logger, Exception exception);

    [LoggerMessage(5009, LogLevel.Error, "VRRP receive on {Interface} failed")]
    public static partial void ReceiveFailed(ILogger logger, string @interface, Exception exception);

    [LoggerMessage(5010, LogLevel.Warning, "VRRP {Instance} uses simple password authentication: it guards against misconfiguration only, not against attackers (the password is sent in clear)")]
    public static partial void SimplePasswordIsNotSecurity(ILogger logger, string instance);

    [LoggerMessage(5011, LogLevel.Debug, "VRRP track {Tracked} failed: {Reason}")]
    public static partial void TrackCommandFailed(ILogger logger, string tracked, string reason);

    [LoggerMessage(5012, LogLevel.Warning, "VRRP track {Tracked} is down after {Failures} failure(s) in a row; last: {Reason}")]
    public static partial void TrackCommandDown(ILogger logger, string tracked, int failures, string reason);

    [LoggerMessage(5013, LogLevel.Information, "VRRP track {Tracked} is up after {Successes} success(es) in a row")]
    public static partial void TrackCommandUp(ILogger logger, string tracked, int successes);

    [LoggerMessage(5030, LogLevel.Information, "VRRP group {Group}: flow hand-off for {Window}: TCP packets of flows this node does not know go back to the previous master ({Links})")]
    public static partial void FlowHandOffOpened(ILogger logger, string group, TimeSpan window, string links);

    [LoggerMessage(5031, LogLevel.Information, "VRRP group {Group}: flow hand-off ended: {Reason}")]
    public static partial void FlowHandOffClosed(ILogger logger, string group, string reason);

    [LoggerMessage(5032, LogLevel.Information, "VRRP group {Group}: no flow hand-off: the previous master was not heard on {Interface} in the last {Window} (not known to be alive)")]
    public static partial void NoFlowHandOff(ILogger logger, string group, string @interface, TimeSpan window);
}
