using System.Globalization;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.Sync.Jobs;

/// <summary>Whose failure a tracker job's first argument names.</summary>
public enum TrackerFailureSubject
{
    /// <summary>The first argument is a target id, the second the ids of links pushed (<see cref="SyncFailures.LinksFailedAsync"/>).</summary>
    Links,

    /// <summary>The first argument is a target id (<see cref="SyncFailures.TargetFailedAsync"/>).</summary>
    Target,
}

/// <summary>Marks a job whose tracker failures <see cref="TrackerFailureFilter"/> handles.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RecordsTrackerFailuresAttribute(TrackerFailureSubject subject) : Attribute
{
    public TrackerFailureSubject Subject { get; } = subject;
}

/// <summary>
/// Thrown by a job whose target waits for a rate-limit reset that an earlier failure recorded: the job is moved
/// to the reset instead of calling the tracker (or sleeping in a worker).
/// </summary>
public sealed class WaitForRateLimitResetException(DateTimeOffset resetAt)
    : Exception($"the target is rate-limited until {resetAt:O}")
{
    public DateTimeOffset ResetAt { get; } = resetAt;

    public static void ThrowIfWaiting(SyncTarget target, TimeProvider clock)
    {
        if (target.RateLimitedUntil is { } until && until > clock.GetUtcNow())
        {
            throw new WaitForRateLimitResetException(until);
        }
    }
}

/// <summary>
/// What the tracker jobs (<see cref="RecordsTrackerFailuresAttribute"/>) do when the tracker fails, so each job's
/// <c>RunAsync</c> is only its happy path (docs/sync.md, Errors):
/// <list type="bullet">
/// <item>every <see cref="TrackerException"/> is recorded by <see cref="SyncFailures"/> (links or target) after the run, still
/// inside the job's lock;</item>
/// <item>permanent and target-wide failures end the job there (it succeeds for Hangfire: retrying cannot help);</item>
/// <item>a rate limit (<see cref="TrackerRateLimitedException"/>, or <see cref="WaitForRateLimitResetException"/> for a
/// limit already recorded) moves the same job to the reset: elected before <c>AutomaticRetry</c> (order 20) could
/// schedule a retry with backoff, so no retry attempt is spent;</item>
/// <item>transient failures stay failed, for <c>AutomaticRetry</c>'s backoff.</item>
/// </list>
/// One instance per host, added to that host's filters (not Hangfire's process-wide ones), so the failure is recorded
/// in the database of the host that ran the job.
/// </summary>
public sealed class TrackerFailureFilter(IServiceScopeFactory scopes) : IServerFilter, IElectStateFilter
{
    /// <summary>Before <c>AutomaticRetryAttribute</c> (20) elects a retry, after the job's lock (default order) is taken.</summary>
    public const int FilterOrder = 10;

    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context)
    {
        // The worker wraps what the job threw in a JobPerformanceException.
        if (context.Exception?.InnerException is not TrackerException failure || SubjectOf(context.BackgroundJob.Job) is not { } subject)
        {
            return;
        }
        var id = Convert.ToInt64(context.BackgroundJob.Job.Args[0], CultureInfo.InvariantCulture);
        using var scope = scopes.CreateScope();
        var failures = scope.ServiceProvider.GetRequiredService<SyncFailures>();
        // Hangfire's filters are synchronous; the worker thread waits for the job's own task the same way.
        // Recorded whatever the shutdown token says: a failure half written would leave the outbox rows as they were.
        var outcome = (subject == TrackerFailureSubject.Links
                ? failures.LinksFailedAsync(id, (long[])context.BackgroundJob.Job.Args[1], failure, CancellationToken.None)
                : failures.TargetFailedAsync(id, failure, CancellationToken.None))
            .GetAwaiter().GetResult();
        context.ExceptionHandled = outcome == SyncFailures.Outcome.Handled;
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState failed && SubjectOf(context.BackgroundJob.Job) is not null &&
            ResetOf(failed.Exception) is { } resetAt)
        {
            context.CandidateState = new ScheduledState(resetAt.UtcDateTime) { Reason = $"Rate-limited: {failed.Exception.Message}" };
        }
    }

    private static DateTimeOffset? ResetOf(Exception exception) => exception switch
    {
        TrackerRateLimitedException limited => limited.RetryAt,
        WaitForRateLimitResetException waiting => waiting.ResetAt,
        _ => null,
    };

    private static TrackerFailureSubject? SubjectOf(Job? job) =>
        job?.Type.GetCustomAttributes(typeof(RecordsTrackerFailuresAttribute), inherit: false) is [RecordsTrackerFailuresAttribute marked]
            ? marked.Subject
            : null;
}
