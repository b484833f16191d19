namespace Fulcrum.Core.Status;

/// <summary>Client persistence: seconds after the last connection, and the client netmask (e.g. 255.255.255.255).</summary>
public sealed record PersistenceStatus(double Timeout, string Netmask);
