using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log record the test host writes (test host only), to check what a request logs and at which level; each
/// also as the JSON line the host's console writes outside Development (the same formatter, with its scopes: trace id,
/// request path, job id), to check what an operator's log collector receives.
/// </summary>
public sealed class LogCapture(IEnumerable<ConsoleFormatter>? formatters = null) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private readonly ConsoleFormatter? _json = formatters?.FirstOrDefault(f => f.Name == ConsoleFormatterNames.Json);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    public void Clear() => _records.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <param name="Category">The logger's category.</param>
    /// <param name="Level">The record's level.</param>
    /// <param name="Message">The formatted message.</param>
    /// <param name="Exception">The record's exception, if any.</param>
    /// <param name="Json">The console's JSON line for the record (message, state, scopes, exception); empty without the formatter.</param>
    public sealed record LogRecord(string Category, LogLevel Level, string Message, Exception? Exception, string Json = "");

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var json = "";
            if (capture._json is { } jsonFormatter)
            {
                using var line = new StringWriter();
                jsonFormatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, line);
                json = line.ToString();
            }
            capture._records.Enqueue(new LogRecord(category, logLevel, formatter(state, exception), exception, json));
        }
    }
}
