namespace Fulcrum.Linux.Netlink;

/// <summary>Called by the receive loop for every data message (not ACK/ERROR/DONE) that answers a request.</summary>
public delegate void NetlinkMessageHandler(in NetlinkMessage message);
