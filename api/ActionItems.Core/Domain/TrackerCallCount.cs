namespace ActionItems.Core.Domain;

/// <summary>
/// How many tracker API calls every process together made for one sync target in one UTC minute (failed calls
/// included). Each process counts its calls in memory and adds them here every few seconds, so the API process
/// reports the calls its workers made; old minutes are purged.
/// </summary>
public class TrackerCallCount
{
    /// <summary>
    /// The target's name as configured (<see cref="SyncTarget.Name"/>), which is what a connector knows; no foreign
    /// key, so counting never depends on the target row being there yet.
    /// </summary>
    public required string TargetName { get; set; }

    /// <summary>The start of the UTC minute the calls were made in.</summary>
    public DateTimeOffset BucketStart { get; set; }

    public long Calls { get; set; }
}
