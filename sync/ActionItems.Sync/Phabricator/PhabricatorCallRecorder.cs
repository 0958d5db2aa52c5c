using ActionItems.Sync.Telemetry;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// Counts Conduit calls per target and UTC minute (failed calls included) for the target's health ("calls in the
/// last hour"). A singleton shared by every connector instance of this process; thread-safe. It only counts in
/// memory, so a Conduit call never waits for the database: <see cref="Engine.TrackerCallCounts"/> moves the counts
/// into the shared table every few seconds, which is what makes the API process see its workers' calls. With a
/// <see cref="TrackerCallMeter"/> (every host has one) it also feeds the calls and errors counters of <c>/metrics</c>.
/// </summary>
public sealed class PhabricatorCallRecorder(TimeProvider clock, TrackerCallMeter? meter = null)
{
    /// <summary>Calls are counted per UTC minute, here and in the database.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Target, DateTimeOffset BucketStart), long> _unflushed = [];

    /// <summary>Counts a call of <paramref name="method"/> (a Conduit method, or a GitHub route template).</summary>
    public void Record(string targetName, string method)
    {
        meter?.Called(targetName, method);
        Record(targetName);
    }

    /// <summary>Counts a failed call for the errors counter (the call itself was counted by <see cref="Record(string, string)"/>).</summary>
    public void RecordFailure(string targetName, string method, Exception failure) =>
        meter?.Failed(targetName, method, TrackerCallMeter.ErrorClass(failure));

    /// <summary>Counts a call answered with an HTTP error status (<see cref="TrackerCallMeter.ErrorClass(int)"/>).</summary>
    public void RecordFailure(string targetName, string method, int httpStatus) =>
        meter?.Failed(targetName, method, TrackerCallMeter.ErrorClass(httpStatus));

    public void Record(string targetName)
    {
        var bucket = BucketStart(clock.GetUtcNow());
        lock (_gate)
        {
            _unflushed[(targetName, bucket)] = _unflushed.GetValueOrDefault((targetName, bucket)) + 1;
        }
    }

    /// <summary>This process's calls for <paramref name="targetName"/> not yet flushed, in minutes that started after <paramref name="after"/>.</summary>
    public long UnflushedCalls(string targetName, DateTimeOffset after)
    {
        lock (_gate)
        {
            return _unflushed.Where(c => c.Key.Target == targetName && c.Key.BucketStart > after).Sum(c => c.Value);
        }
    }

    /// <summary>Hands the counts over to be written to the database; they are no longer held here.</summary>
    public IReadOnlyList<(string Target, DateTimeOffset BucketStart, long Calls)> TakeUnflushed()
    {
        lock (_gate)
        {
            var taken = _unflushed.Select(c => (c.Key.Target, c.Key.BucketStart, c.Value)).ToList();
            _unflushed.Clear();
            return taken;
        }
    }

    /// <summary>Takes counts back whose write failed, adding them to the calls counted since, so the next flush writes them.</summary>
    public void Return(IEnumerable<(string Target, DateTimeOffset BucketStart, long Calls)> counts)
    {
        lock (_gate)
        {
            foreach (var (target, bucket, calls) in counts)
            {
                _unflushed[(target, bucket)] = _unflushed.GetValueOrDefault((target, bucket)) + calls;
            }
        }
    }

    public static DateTimeOffset BucketStart(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % BucketLength.Ticks, TimeSpan.Zero);
    }
}
