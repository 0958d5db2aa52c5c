using System.Collections.Concurrent;
using System.Data.Common;
using ActionItems.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core sends while the test host serves an HTTP request (<see cref="DuringRequests"/>),
/// to prove batching and "refused before the database", and keeps their text (to check the plans PostgreSQL makes for
/// them). Background work of the host (Hangfire jobs, the candidate index warm-up) is not a request's SQL and is never
/// counted, whenever it happens to run.
/// The API-token lookup every authenticated request makes (tagged <see cref="ApiTokens.AuthenticationTag"/>) is not
/// the request's own SQL and is not counted in <see cref="Count"/>; <see cref="AuthenticationCount"/> counts it.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<bool> InRequest = new();

    private int _count;
    private int _authenticationCount;
    private readonly ConcurrentQueue<string> _texts = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>The API-token lookups and last-use writes (tagged <see cref="ApiTokens.AuthenticationTag"/>) since the last <see cref="Reset"/>.</summary>
    public int AuthenticationCount => Volatile.Read(ref _authenticationCount);

    /// <summary>The counted commands' SQL since the last <see cref="Reset"/>, in the order they were sent.</summary>
    public IReadOnlyList<string> Texts => [.. _texts];

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _authenticationCount, 0);
        _texts.Clear();
    }

    /// <summary>Middleware marking the request's own flow, so only its commands are counted.</summary>
    public static Func<HttpContext, RequestDelegate, Task> DuringRequests { get; } = async (context, next) =>
    {
        InRequest.Value = true;
        await next(context);
    };

    private void CountUnlessAuthentication(DbCommand command)
    {
        if (!InRequest.Value)
        {
            return;
        }
        if (!command.CommandText.Contains(ApiTokens.AuthenticationTag, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
            _texts.Enqueue(command.CommandText);
        }
        else
        {
            Interlocked.Increment(ref _authenticationCount);
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        CountUnlessAuthentication(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountUnlessAuthentication(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CountUnlessAuthentication(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CountUnlessAuthentication(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CountUnlessAuthentication(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountUnlessAuthentication(command);
        return ValueTask.FromResult(result);
    }
}
