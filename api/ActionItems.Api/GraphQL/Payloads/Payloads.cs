using ActionItems.Application;
using ActionItems.Application.Items;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Sync;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.Api.GraphQL.Payloads;

/// <summary>Expected outcomes a mutation reports in its payload (not as GraphQL errors).</summary>
public enum MutationErrorCode
{
    NotFound,
    Validation,
    Conflict,
    ParseError,

    /// <summary>The import failed unexpectedly and was rolled back; the message says why (the server log has the details).</summary>
    ImportFailed,
}

public sealed record MutationError(MutationErrorCode Code, string Message, string? Field = null);

/// <summary>The payloads are the use cases' results in the schema's shape: the value (or the current state) and the errors.</summary>
public sealed record ActionItemPayload(ActionItem? ActionItem, IReadOnlyList<MutationError> Errors)
{
    public static ActionItemPayload From(Result<ActionItem> result) => new(result.Value, MutationErrors.From(result.Errors));
}

public sealed record ActionItemsPayload(IReadOnlyList<ActionItem> ActionItems, IReadOnlyList<MutationError> Errors)
{
    public static ActionItemsPayload From(Result<IReadOnlyList<ActionItem>> result) => new(result.Value ?? [], MutationErrors.From(result.Errors));
}

public sealed record PersonPayload(Person? Person, IReadOnlyList<MutationError> Errors)
{
    public static PersonPayload From(Result<Person> result) => new(result.Value, MutationErrors.From(result.Errors));
}

public sealed record TrackerLinkPayload(TrackerLink? Link, ActionItem? ActionItem, IReadOnlyList<MutationError> Errors)
{
    public static TrackerLinkPayload From(Result<LinkChange> result) =>
        new(result.Value?.Link, result.Value?.ActionItem, MutationErrors.From(result.Errors));
}

public sealed record ImportPostmortemPayload(ImportReport? Report, IReadOnlyList<MutationError> Errors)
{
    public static ImportPostmortemPayload From(Result<ImportReport> result) => new(result.Value, MutationErrors.From(result.Errors));
}

public sealed record PreviewPostmortemPayload(ExtractionResult? Preview, IReadOnlyList<MutationError> Errors)
{
    public static PreviewPostmortemPayload From(Result<ExtractionResult> result) => new(result.Value, MutationErrors.From(result.Errors));
}

public sealed record SyncLinksPayload(IReadOnlyList<TrackerLink> Links, IReadOnlyList<MutationError> Errors)
{
    public static SyncLinksPayload From(Result<IReadOnlyList<TrackerLink>> result) => new(result.Value ?? [], MutationErrors.From(result.Errors));
}

public sealed record ResolveConflictPayload(SyncConflict? Conflict, TrackerLink? Link, ActionItem? ActionItem, IReadOnlyList<MutationError> Errors)
{
    public static ResolveConflictPayload From(Result<ResolvedConflict> result) =>
        new(result.Value?.Conflict, result.Value?.Link, result.Value?.ActionItem, MutationErrors.From(result.Errors));
}
