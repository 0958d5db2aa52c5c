namespace ActionItems.Sync.Engine;

/// <summary>Base of every failure a connector reports; the subclass decides what the engine does (docs/sync.md, Errors).</summary>
public abstract class TrackerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>5xx, timeout, connection reset, non-JSON reply: retry with backoff, state unchanged.</summary>
public sealed class TrackerTransientException(string message, Exception? inner = null) : TrackerException(message, inner);

/// <summary>
/// The outcome of a write is unknown (the connection dropped after the request was sent). For a
/// create the engine must look up the sync key before trying again.
/// </summary>
public sealed class TrackerUnknownOutcomeException(string message, Exception? inner = null) : TrackerException(message, inner);

/// <summary>Rate limited: reschedule at <see cref="RetryAt"/>, record the wait on the target.</summary>
public sealed class TrackerRateLimitedException(string message, DateTimeOffset retryAt, Exception? inner = null)
    : TrackerException(message, inner)
{
    public DateTimeOffset RetryAt { get; } = retryAt;
}

/// <summary>Bad token, validation error: the link or target goes to Error, no automatic retry.</summary>
public sealed class TrackerPermanentException(string message, string? code = null, bool affectsWholeTarget = false, Exception? inner = null)
    : TrackerException(message, inner)
{
    /// <summary>Tracker error code, e.g. <c>ERR-INVALID-AUTH</c>, <c>ERR-CONDUIT-CORE</c>, <c>422</c>.</summary>
    public string? Code { get; } = code;

    /// <summary>True for authentication/configuration errors: every call to this target will fail the same way.</summary>
    public bool AffectsWholeTarget { get; } = affectsWholeTarget;
}

/// <summary>The object is deleted, moved or not visible to us: the link goes Broken, the item is kept.</summary>
public sealed class TrackerObjectGoneException(string message, string remoteId, Exception? inner = null)
    : TrackerException(message, inner)
{
    public string RemoteId { get; } = remoteId;
}
