namespace Fulcrum.Core.Config;

/// <summary>One kind of health probe. <see cref="Port"/> null means the server's port.</summary>
public abstract record CheckProbe
{
    /// <summary>Port to probe instead of the server's; null = the server's port.</summary>
    public abstract ushort? Port { get; }
}
