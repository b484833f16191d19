using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>An advert for this instance's VRID passed <see cref="VrrpReceiveFilter"/>.</summary>
/// <param name="Advertisement">The accepted advert.</param>
/// <param name="Source">Its IP source: the sender's primary address, the election tie-breaker.</param>
public sealed record VrrpAdvertReceived(VrrpAdvertisement Advertisement, IPAddress Source) : VrrpEvent;
