using ActionItems.Core.Domain;

namespace ActionItems.Application.Postmortems;

public sealed record ImportRequest(string Text, DocumentFormat? FormatHint, string? Source, string? DocumentVersion = null,
    DateTimeOffset? DocumentDate = null, string? GitHubRepository = null);

public enum ImportOutcome
{
    Added,
    Updated,
    Unchanged,
    Vanished,
}

/// <summary>One item's fate in an import. <c>Ordinal</c> is null for an item that vanished from the document.</summary>
public sealed record ImportedItem(int? Ordinal, long? ItemId, string Title, ImportOutcome Outcome);

/// <summary>What an import did (or, for a dry run, would do).</summary>
public sealed record ImportReport(
    string Slug,
    long? IncidentId,
    bool IncidentCreated,
    bool DocumentUnchanged,
    DocumentFormat Format,
    IReadOnlyList<ImportedItem> Items,
    int LinksCreated,
    IReadOnlyList<string> Warnings,
    bool DryRun)
{
    public int Added => Count(ImportOutcome.Added);
    public int Updated => Count(ImportOutcome.Updated);
    public int Unchanged => Count(ImportOutcome.Unchanged);
    public int Vanished => Count(ImportOutcome.Vanished);

    private int Count(ImportOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>The document cannot be imported (it names no incident, or is not a postmortem at all).</summary>
public sealed class ImportException(string message, bool notAPostmortem = false) : Exception(message)
{
    /// <summary>The text has nothing a postmortem has; a directory import skips such files instead of failing.</summary>
    public bool NotAPostmortem { get; } = notAPostmortem;
}
