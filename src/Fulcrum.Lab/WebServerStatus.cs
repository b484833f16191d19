namespace Fulcrum.Lab;

/// <summary>The nginx of one real server.</summary>
/// <param name="Server">Real server name (rs1).</param>
/// <param name="Pid">The pid its pid file records, or null when there is none.</param>
/// <param name="Running">Whether that pid is this server's nginx master and alive.</param>
public sealed record WebServerStatus(string Server, int? Pid, bool Running);
