namespace Fulcrum.Lab;

/// <summary>The host's process table, as far as the lab needs it: look at and signal processes by id.</summary>
public interface IProcessControl
{
    /// <summary>True when the process exists and is not a zombie.</summary>
    bool IsRunning(int pid);

    /// <summary>The process's arguments joined by spaces, or null when it is gone.</summary>
    string? ReadCommandLine(int pid);

    /// <summary>Sends SIGTERM; a process that is already gone is not an error.</summary>
    void Terminate(int pid);

    /// <summary>Sends SIGKILL; a process that is already gone is not an error.</summary>
    void Kill(int pid);
}
