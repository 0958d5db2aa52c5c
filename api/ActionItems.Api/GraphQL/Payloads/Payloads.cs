using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Data.Import;

namespace ActionItems.Api.GraphQL.Payloads;

/// <summary>Expected outcomes a mutation reports in its payload (not as GraphQL errors).</summary>
public enum MutationErrorCode
{
    NotFound,
    Validation,
    Conflict,
    ParseError,
}

public sealed record MutationError(MutationErrorCode Code, string Message, string? Field = null);

public sealed record ActionItemPayload(ActionItem? ActionItem, IReadOnlyList<MutationError> Errors)
{
    public static ActionItemPayload Ok(ActionItem item) => new(item, []);
    public static ActionItemPayload Fail(MutationError error, ActionItem? current = null) => new(current, [error]);
}

public sealed record ActionItemsPayload(IReadOnlyList<ActionItem> ActionItems, IReadOnlyList<MutationError> Errors);

public sealed record PersonPayload(Person? Person, IReadOnlyList<MutationError> Errors);

public sealed record TrackerLinkPayload(TrackerLink? Link, ActionItem? ActionItem, IReadOnlyList<MutationError> Errors);

public sealed record ImportPostmortemPayload(ImportReport? Report, IReadOnlyList<MutationError> Errors);

public sealed record PreviewPostmortemPayload(ExtractionResult? Preview, IReadOnlyList<MutationError> Errors);
