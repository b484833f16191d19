namespace Fulcrum.Core.Vrrp;

/// <summary>Remove the instance's virtual addresses from its interface.</summary>
public sealed record VrrpRemoveVirtualAddresses : VrrpAction;
