using System.Diagnostics;
using ActionItems.Data;

namespace ActionItems.Application.Prevention;

/// <summary>
/// The refresh mechanics the in-memory prevention indexes share (<see cref="CandidateIndex"/>, <see cref="IncidentIndex"/>;
/// docs/prevention.md, "The candidate index" and "The incident index"): one request at a time behind a gate; a request
/// finding the index older than <see cref="MaxAge"/> first reads a cheap watermark of the tables it is made of and,
/// when it moved, has the index apply what changed; a full build the first time, when the index cannot follow a change,
/// when it is worth rebuilding (retired slots outnumber live ones), and after a refresh that failed half way.
/// </summary>
/// <typeparam name="TWatermark">What the index is made of, summed up; equal watermarks mean nothing changed.</typeparam>
public abstract class WatermarkedIndex<TWatermark>(TimeSpan maxAge, TimeProvider clock) : IDisposable
    where TWatermark : class, IEquatable<TWatermark>
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TWatermark? _seen;

    /// <summary>When the watermark of the last refresh was read (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private long _refreshedAt;

    /// <summary>When a request last used the index (<see cref="TimeProvider.GetTimestamp"/>; 0: never).</summary>
    private long _lastUsedAt;

    /// <summary>
    /// How old the index may be when a request uses it without reading the watermark: a change committed this long
    /// before a request is in its answer (the refresh that answers reads the watermark after the commit).
    /// </summary>
    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>How long the last full build took (the first request after start pays it).</summary>
    public TimeSpan LastBuild { get; private set; }

    /// <summary>Full builds so far (the first one, and one each time rows vanished in a way a delta cannot follow).</summary>
    public int Builds { get; private set; }

    /// <summary>Watermark reads so far: one per refresh, however many requests were waiting for it.</summary>
    public int Refreshes { get; private set; }

    public void Dispose()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Builds the index if it has never been built (the start-up warm-up, <see cref="PreventionIndexRefresher"/>); a request
    /// arriving meanwhile waits for this build instead of starting its own.
    /// </summary>
    public async Task WarmUpAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_seen is null)
            {
                await RefreshHoldingGateAsync(db, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the index up to the database now, whatever its age (the bench times the watermark read with it).</summary>
    public async Task RefreshAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshHoldingGateAsync(db, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> (a ranking) on the index, alone, after bringing the index up to the database when it
    /// is older than <see cref="MaxAge"/> or unknown. Requests waiting behind a refresh then find the index fresh: one
    /// refresh serves them all.
    /// </summary>
    protected async Task<T> UseAsync<T>(ActionItemsDbContext db, Func<Task<T>> use, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsedAt, clock.GetTimestamp());
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_seen is null || clock.GetElapsedTime(_refreshedAt) >= MaxAge)
            {
                // The refresh serves every request waiting on the gate, not only this one: a requester giving up (a
                // closed tab) must not cancel it half way, which would leave the index unknown and make the next
                // request, already waiting, rebuild from nothing. The requester's token bounds only its wait.
                await RefreshHoldingGateAsync(db, CancellationToken.None);
            }
            return await use();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether a request used the index within <paramref name="span"/> (the refresher only keeps a used index fresh).</summary>
    public bool UsedWithin(TimeSpan span) =>
        Volatile.Read(ref _lastUsedAt) is var used and not 0 && clock.GetElapsedTime(used) < span;

    /// <summary>
    /// Refreshes the index before a request has to (<see cref="PreventionIndexRefresher"/>, every half
    /// <see cref="MaxAge"/>): the watermark is read without holding the gate, so requests meanwhile rank on the index as
    /// it is, and when nothing moved the index simply counts as refreshed at that read. Only a moved watermark takes the
    /// gate, to apply the changes as a request's refresh would. A request then finds the index younger than
    /// <see cref="MaxAge"/> and does not pay the watermark read; a change still shows within <see cref="MaxAge"/>, since
    /// the index only counts as refreshed at a read that saw it. An index never built is left to the warm-up and the
    /// first request.
    /// </summary>
    public async Task RefreshAheadAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _seen) is not { } seen)
        {
            return;
        }
        var readAt = clock.GetTimestamp();
        var now = await ReadWatermarkAsync(db, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(_seen, seen))
            {
                return; // a request refreshed meanwhile (or a failed refresh left the index unknown): that refresh counts
            }
            if (now.Equals(seen))
            {
                _refreshedAt = Math.Max(_refreshedAt, readAt);
                Refreshes++;
                return;
            }
            // Applied from the watermark just read: a change committed since is in the rows read now and moves the
            // watermark again for the next refresh.
            await RefreshHoldingGateAsync(db, cancellationToken, (now, readAt));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the watermark: one aggregate query per table the index is made of.</summary>
    protected abstract Task<TWatermark> ReadWatermarkAsync(ActionItemsDbContext db, CancellationToken cancellationToken);

    /// <summary>Reads everything the index is made of, replacing what it held.</summary>
    protected abstract Task BuildAsync(ActionItemsDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Applies what changed since <paramref name="seen"/> (the watermark moved to <paramref name="now"/>); false when a
    /// change cannot be followed (rows gone that only a rebuild accounts for): the index is then built afresh.
    /// </summary>
    protected abstract Task<bool> ApplyChangesAsync(ActionItemsDbContext db, TWatermark seen, TWatermark now, CancellationToken cancellationToken);

    /// <summary>Whether the next refresh should rebuild rather than follow changes: retired slots keep their postings.</summary>
    protected abstract bool WorthRebuilding { get; }

    /// <summary>
    /// Nothing when the watermark has not moved, the changes when it has. A refresh that fails or is cancelled half way
    /// (the warm-up's at shutdown, or <see cref="RefreshAsync"/>'s: a request's refresh is never cancelled) leaves the
    /// index unknown: the next one rebuilds.
    /// </summary>
    private async Task RefreshHoldingGateAsync(ActionItemsDbContext db, CancellationToken cancellationToken,
        (TWatermark Now, long ReadAt)? alreadyRead = null)
    {
        try
        {
            await RefreshFromWatermarkAsync(db, alreadyRead, cancellationToken);
        }
        catch
        {
            // Changes are applied in steps; a half-applied refresh would look current to the next watermark comparison
            // and hide the rest.
            _seen = null;
            throw;
        }
    }

    private async Task RefreshFromWatermarkAsync(ActionItemsDbContext db, (TWatermark Now, long ReadAt)? alreadyRead,
        CancellationToken cancellationToken)
    {
        var readAt = alreadyRead?.ReadAt ?? clock.GetTimestamp();
        var now = alreadyRead?.Now ?? await ReadWatermarkAsync(db, cancellationToken);
        _refreshedAt = readAt;
        Refreshes++;
        if (_seen is null || WorthRebuilding)
        {
            await BuildTimedAsync(db, now, cancellationToken);
            return;
        }
        if (now.Equals(_seen))
        {
            return;
        }
        if (!await ApplyChangesAsync(db, _seen, now, cancellationToken))
        {
            await BuildTimedAsync(db, now, cancellationToken);
            return;
        }
        _seen = now;
    }

    private async Task BuildTimedAsync(ActionItemsDbContext db, TWatermark now, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await BuildAsync(db, cancellationToken);
        _seen = now;
        LastBuild = stopwatch.Elapsed;
        Builds++;
    }
}
