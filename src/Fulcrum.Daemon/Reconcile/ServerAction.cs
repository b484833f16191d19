namespace Fulcrum.Daemon.Reconcile;

/// <summary>An operator write on real servers (<c>POST /v1/servers/...</c>).</summary>
internal enum ServerAction
{
    /// <summary>Weight 0: established flows continue, no new ones.</summary>
    Drain,

    /// <summary>Undo drain and any weight override.</summary>
    Enable,

    /// <summary>A fixed weight until enable or a reload that changes the configured weight.</summary>
    Weight,
}
