using GraphQL.DataLoader;

namespace ActionItems.Api.GraphQL.Loading;

/// <summary>
/// Collects the keys resolvers ask for while GraphQL.NET walks one level of the result, then loads them
/// all with one fetch when the first result is awaited (GraphQL.NET awaits <see cref="IDataLoaderResult"/>s
/// only after the level is walked). Loaded values are kept for the rest of the request.
/// Not thread-safe by design: queries run with the serial execution strategy over one DbContext.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetchAsync,
    TValue missing)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private HashSet<TKey> _queued = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key))
        {
            _queued.Add(key);
        }
        return new Pending(this, key);
    }

    /// <summary>
    /// The value itself when it is already loaded (primed or fetched), else a pending load. Resolvers return
    /// this: a value needs none of GraphQL.NET's deferred data-loader pass (per field, on a 50-item page).
    /// </summary>
    public object Resolve(TKey key) => _loaded.TryGetValue(key, out var value) ? value! : Load(key);

    /// <summary>A part of the value, loaded in the same batch (e.g. one count of a row of counts).</summary>
    public IDataLoaderResult<TResult> Load<TResult>(TKey key, Func<TValue, TResult> select)
    {
        Load(key);
        return new Selected<TResult>(this, key, select);
    }

    /// <summary>Remembers a value fetched with something else (e.g. joined into a page query), so no batch asks for it again.</summary>
    public void Prime(TKey key, TValue value) => _loaded.TryAdd(key, value);

    /// <summary>Forgets loaded values, e.g. after a mutation changed them.</summary>
    public void Clear() => _loaded.Clear();

    private async Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(key, out var value))
        {
            return value;
        }
        if (_queued.Count > 0)
        {
            var keys = _queued;
            _queued = [];
            var rows = await fetchAsync(keys, cancellationToken);
            foreach (var k in keys)
            {
                _loaded[k] = rows.TryGetValue(k, out var row) ? row : missing;
            }
        }
        return _loaded.GetValueOrDefault(key, missing);
    }

    private sealed class Selected<TResult>(BatchLoader<TKey, TValue> loader, TKey key, Func<TValue, TResult> select)
        : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            select(await loader.GetAsync(key, cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }

    private sealed class Pending(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) =>
            loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}

/// <summary>
/// A result computed from other batch loads once GraphQL.NET awaits it: every resolver of the level has queued
/// its keys by then, so each load it awaits is one batch for the whole level.
/// </summary>
public sealed class DeferredResult<T>(Func<CancellationToken, Task<T>> compute) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => compute(cancellationToken);

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
        await GetResultAsync(cancellationToken);
}
