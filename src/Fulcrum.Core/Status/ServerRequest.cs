namespace Fulcrum.Core.Status;

/// <summary>
/// The body of <c>/v1/servers/drain</c>, <c>/enable</c> and <c>/weight</c>: which server (<c>address:port</c>),
/// optionally of one service only (null: every service that has it), and the weight for <c>/weight</c>.
/// </summary>
public sealed record ServerRequest(string? Service, string Server, int? Weight);
