using System.Linq.Expressions;
using System.Reflection;
using GraphQL.Types.Relay.DataObjects;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Paging;

/// <summary>Runs one keyset page of a filtered query: the page (one row more, to know whether another follows) and, when asked, the count.</summary>
public static class ConnectionBuilder
{
    /// <param name="filtered">The rows to page through (also what <c>totalCount</c> counts).</param>
    /// <param name="ordering">The stable ordering cursors refer to.</param>
    /// <param name="page">Which page.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <param name="readPage">Reads the ordered, limited page query (e.g. with related rows joined in); by default as it is.</param>
    public static async Task<Connection<TEntity>> PageAsync<TEntity>(IQueryable<TEntity> filtered,
        KeysetOrdering<TEntity> ordering, PageRequest page, CancellationToken cancellationToken,
        Func<IQueryable<TEntity>, CancellationToken, Task<List<TEntity>>>? readPage = null)
    {
        var (rows, more) = page.WantsRows
            ? await SharedAsync(page, "rows", () => ReadRowsAsync(filtered, ordering, page, readPage, cancellationToken))
            : ([], false);
        int? total = page.WantsTotalCount ? await SharedAsync(page, "count", () => filtered.CountAsync(cancellationToken)) : null;
        return Build(rows, more, total, ordering, page);
    }

    /// <summary>
    /// The connection of a page read elsewhere (e.g. batched for many parents): <paramref name="rows"/> in page order,
    /// <paramref name="more"/> whether rows follow in the direction travelled.
    /// </summary>
    public static Connection<TEntity> Build<TEntity>(IReadOnlyList<TEntity> rows, bool more, int? total,
        KeysetOrdering<TEntity> ordering, PageRequest page)
    {
        var edges = rows.Select(r => new Edge<TEntity> { Node = r, Cursor = ordering.CursorOf(r) }).ToList();
        return new Connection<TEntity>
        {
            TotalCount = total,
            Edges = edges,
            PageInfo = new PageInfo
            {
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
                // Relay allows reporting the direction not travelled only when it is cheap: a cursor means we came from there.
                HasNextPage = page.Backwards ? page.Before is not null : more,
                HasPreviousPage = page.Backwards ? more : page.After is not null,
            },
        };
    }

    private static async Task<(List<TEntity> Rows, bool More)> ReadRowsAsync<TEntity>(IQueryable<TEntity> filtered,
        KeysetOrdering<TEntity> ordering, PageRequest page,
        Func<IQueryable<TEntity>, CancellationToken, Task<List<TEntity>>>? readPage, CancellationToken cancellationToken)
    {
        var cursor = page.Backwards ? page.Before : page.After;
        var query = cursor is null ? filtered : ordering.After(filtered, cursor, page.Backwards);
        // The other bound narrows the window from the far side (e.g. first + before).
        var farCursor = page.Backwards ? page.After : page.Before;
        if (farCursor is not null)
        {
            query = ordering.After(query, farCursor, !page.Backwards);
        }
        var rows = page.Size == 0
            ? []
            : await (readPage ?? ((q, ct) => q.ToListAsync(ct)))(TakeAsConstant(ordering.Order(query, page.Backwards), RowsToRead(page.Size)), cancellationToken);
        var more = rows.Count > page.Size;
        if (more)
        {
            rows.RemoveRange(page.Size, rows.Count - page.Size);
        }
        if (page.Backwards)
        {
            rows.Reverse();
        }
        return (rows, more);
    }

    /// <summary>
    /// One load per request for each root field + arguments (<see cref="PageRequest.LoadKey"/>): 1,700 aliases of
    /// <c>actionItems(first: 1) { totalCount }</c> cost one count, not 1,700 (the rows are only read, never changed).
    /// </summary>
    private static Task<T> SharedAsync<T>(PageRequest page, string what, Func<Task<T>> load)
    {
        if (page.SharedLoads is not { } shared || page.LoadKey is null)
        {
            return load();
        }
        var key = $"actionitems:connection:{what}:{page.LoadKey}";
        if (shared.TryGetValue(key, out var existing) && existing is Task<T> loading)
        {
            return loading;
        }
        var started = load();
        shared[key] = started;
        return started;
    }

    private static readonly MethodInfo TakeMethod =
        new Func<IQueryable<object>, int, IQueryable<object>>(Queryable.Take).Method.GetGenericMethodDefinition();

    private static readonly MethodInfo ConstantMethod = new Func<int, int>(EF.Constant).Method;

    // One row more than the page, to know whether another follows; rounded up to a few fixed limits so the
    // constant LIMIT below makes at most this many variants of each page query (EF's cache, prepared statements).
    private static readonly int[] Limits = [2, 6, 11, 21, 26, 51, 101, 201, 501];

    public static int RowsToRead(int pageSize) => Limits.FirstOrDefault(l => l > pageSize, pageSize + 1);

    /// <summary>
    /// <c>LIMIT 51</c> in the SQL instead of <c>LIMIT @p</c>: with the limit unknown, PostgreSQL re-plans a
    /// prepared page query on every execution (a custom plan looks cheaper than the generic one), which cost
    /// more than the query itself. <see cref="Limits"/> keeps the number of variants small. It has to be
    /// <c>EF.Constant</c>: EF Core parameterizes a plain constant in Take (checked: <c>LIMIT $2</c>); the price
    /// is SQL generated per execution (its cost is measured in docs/benchmarks.md).
    /// </summary>
    private static IQueryable<TEntity> TakeAsConstant<TEntity>(IQueryable<TEntity> query, int count) =>
        query.Provider.CreateQuery<TEntity>(Expression.Call(TakeMethod.MakeGenericMethod(typeof(TEntity)), query.Expression,
            Expression.Call(ConstantMethod, Expression.Constant(count))));
}
