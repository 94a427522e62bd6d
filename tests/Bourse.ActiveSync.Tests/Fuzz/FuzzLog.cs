using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// Collects what the server logs at Error and above (a handler's exception that the endpoint turned into Status 111, an
/// exception Kestrel caught), so a finding names the exception and not only the status it became.
/// </summary>
internal sealed class FuzzLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// Everything logged since the last call.
    public List<string> Drain()
    {
        var list = new List<string>();
        while (_errors.TryDequeue(out var e))
            list.Add(e);
        return list;
    }

    public void Dispose()
    {
    }

    private sealed class Logger(FuzzLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var first = exception?.ToString().Split('\n').Take(4) ?? [];
            owner._errors.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} {string.Join(" | ", first.Select(l => l.Trim()))}");
        }
    }
}
