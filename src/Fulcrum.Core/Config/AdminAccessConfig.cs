using System.Net;
using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>SSH to the nodes' own addresses, allowed only from <see cref="From"/>.</summary>
public sealed record AdminAccessConfig(ushort SshPort, EquatableArray<IPNetwork> From);
