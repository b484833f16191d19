namespace Fulcrum.Core.Tests.Cli.Api;

/// <summary>One HTTP request the fake API server received: method, target (path and query), headers (lower-case names), body.</summary>
internal sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body);
