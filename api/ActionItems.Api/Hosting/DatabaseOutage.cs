using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActionItems.Api.Hosting;

/// <summary>
/// The one place that decides whether an exception means "the database cannot be reached right now" (answered
/// 503 with <c>Retry-After</c>, logged as one warning line) rather than a bug (500/INTERNAL with a stack trace).
/// EF Core wraps provider exceptions (<c>RetryLimitExceededException</c>, <c>DbUpdateException</c>, the
/// "transient failure" <c>InvalidOperationException</c>), so the whole inner chain is searched.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>What clients are told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // SQLite result codes (https://sqlite.org/rescode.html): the file is busy or locked by another process, or cannot be opened.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCannotOpen = 14;

    public static bool IsOutage(Exception? exception) => Find(exception) is not null;

    /// <summary>The exception in the chain that shows the outage, or null when there is none.</summary>
    public static Exception? Find(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (Shows(exception))
            {
                return exception;
            }
            if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null);
            }
            exception = exception.InnerException;
        }
        return null;
    }

    /// <summary>One line for the log: what failed, without a stack trace or connection details.</summary>
    public static string Describe(Exception exception)
    {
        var cause = Find(exception) ?? exception;
        var root = cause.InnerException is SocketException or TimeoutException or IOException ? $" ({cause.InnerException.Message})" : "";
        return $"{cause.GetType().Name}: {cause.Message}{root}";
    }

    private static bool Shows(Exception exception) => exception switch
    {
        // Server-side errors: only those saying the server is going away or not accepting connections; a deadlock or
        // serialization failure is also "transient" to Npgsql but is a conflict between requests, not an outage.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                                      || postgres.SqlState is "57P01" or "57P02" or "57P03" // shutdown, crash, starting up
                                      || postgres.SqlState == "53300", // too many connections
        // Client-side: cannot connect, connection dropped, timed out, pool exhausted.
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteCannotOpen,
        _ => false,
    };
}
