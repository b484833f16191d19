using System.Net;

namespace Fulcrum.Core.Config;

/// <summary>A node's fixed (non-floating) address on one network.</summary>
public sealed record NodeAddress(string Network, IPAddress Address);
