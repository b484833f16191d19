namespace Fulcrum.Core.Vrrp;

/// <summary>Announce the virtual addresses with gratuitous ARP (RFC 5798 §6.4.1, "broadcast a gratuitous ARP request").</summary>
public sealed record VrrpSendGratuitousArp : VrrpAction;
