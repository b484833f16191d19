using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>What HTTP and HTTPS probes share: the request and what the response must look like.</summary>
/// <param name="Path">Request path, starting with '/'.</param>
/// <param name="Status">Accepted status codes.</param>
/// <param name="Host">Host header, or null for the server address.</param>
/// <param name="BodyContains">Text the body must contain, or null.</param>
/// <param name="BodyRegex">Regular expression the body must match, or null.</param>
/// <param name="Digest">Lower-case hex MD5 of the expected body, or null.</param>
public abstract record HttpProbeBase(
    string Path,
    EquatableArray<StatusCodeRange> Status,
    string? Host,
    string? BodyContains,
    string? BodyRegex,
    string? Digest) : CheckProbe;
