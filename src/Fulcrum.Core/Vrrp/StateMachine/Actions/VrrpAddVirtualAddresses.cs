namespace Fulcrum.Core.Vrrp;

/// <summary>Add the instance's virtual addresses to its interface.</summary>
public sealed record VrrpAddVirtualAddresses : VrrpAction;
