using Microsoft.Extensions.Logging;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>Keeps every log line written through it, with its event id and level.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, int EventId, string Message, Exception? Exception)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add((logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
