using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>Keeps every log entry: event id and rendered message.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(int EventId, LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((eventId.Id, logLevel, formatter(state, exception)));
}
