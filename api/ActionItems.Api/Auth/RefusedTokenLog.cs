namespace ActionItems.Api.Auth;

/// <summary>
/// Decides at which level a refused API token is logged: <see cref="LogLevel.Warning"/> the first time a token prefix
/// is refused in a <see cref="Window"/>, <see cref="LogLevel.Debug"/> for its repeats. A script retrying a revoked
/// token, or a flood of made-up ones, then costs an operator one line a minute per token, not one per request.
/// </summary>
/// <remarks>
/// Per process, like the rate limits. At most <see cref="MaxTrackedPrefixes"/> prefixes are remembered: expired prefixes
/// are dropped; while that many are fresh, new ones log at Debug too: the operator has that many warnings already, and
/// memory stays bounded however many secrets a caller makes up. A full table is swept for expired prefixes at most once a
/// <see cref="Window"/>, so under a flood of made-up secrets a refused request does not scan the whole table while it holds
/// the process-wide lock (this runs during authentication, before any rate limit); a slot that frees up between two
/// sweeps waits for the next one.
/// </remarks>
public sealed class RefusedTokenLog(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    internal const int MaxTrackedPrefixes = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _warnedAt = new(StringComparer.Ordinal);
    private DateTimeOffset _sweptAt = DateTimeOffset.MinValue;

    public LogLevel LevelFor(string prefix)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_warnedAt.TryGetValue(prefix, out var warned) && now - warned < Window)
            {
                return LogLevel.Debug;
            }
            if (_warnedAt.Count >= MaxTrackedPrefixes)
            {
                if (now - _sweptAt < Window)
                {
                    return LogLevel.Debug;
                }
                _sweptAt = now;
                foreach (var stale in _warnedAt.Where(entry => now - entry.Value >= Window).Select(entry => entry.Key).ToList())
                {
                    _warnedAt.Remove(stale);
                }
                if (_warnedAt.Count >= MaxTrackedPrefixes)
                {
                    return LogLevel.Debug;
                }
            }
            _warnedAt[prefix] = now;
            return LogLevel.Warning;
        }
    }
}
