namespace Fulcrum.Core.Vrrp;

/// <summary>Send <paramref name="Advertisement"/> now (to the multicast group or each unicast peer).</summary>
public sealed record VrrpSendAdvert(VrrpAdvertisement Advertisement) : VrrpAction;
