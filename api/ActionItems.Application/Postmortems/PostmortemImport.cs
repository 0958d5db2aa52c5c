using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Sync.Engine;

namespace ActionItems.Application.Postmortems;

/// <summary>A postmortem to read: its text, a format hint (detected when null) and where it lives.</summary>
public sealed record PreviewPostmortem(string Text, DocumentFormat? Format = null, string? SourceUrl = null);

/// <summary>
/// A postmortem to import (or re-import). <paramref name="DocumentVersion"/> is the source's own version (a wiki
/// revision); a dry run reports what would change and writes nothing.
/// </summary>
public sealed record ImportPostmortem(string Text, DocumentFormat? Format = null, string? SourceUrl = null, bool DryRun = false,
    string? DocumentVersion = null);

/// <summary>
/// The postmortem use cases, shared by the API and the command line: preview (extraction only) and import through
/// <see cref="PostmortemImporter"/>, whose one transaction per document is this use case's unit of work.
/// </summary>
public sealed class PostmortemImport(PostmortemImporter importer, UnitOfWork unitOfWork)
{
    public const int MaxDocumentChars = 1024 * 1024;

    /// <summary>
    /// Extraction only. <paramref name="targets"/>, the configured sync targets, makes task references read as an
    /// import reads them (<see cref="PostmortemImporter.ReferenceOptions"/>); without it none is configured.
    /// </summary>
    public static Result<ExtractionResult> Preview(PreviewPostmortem command, Actor actor, SyncTargetRegistry? targets = null)
    {
        if (Access.Require(actor, ActorRole.Viewer) is { } forbidden)
        {
            return forbidden;
        }
        if (TooLong(command.Text) is { } tooLong)
        {
            return tooLong;
        }
        try
        {
            return Result<ExtractionResult>.Ok(PostmortemExtractor.Extract(command.Text, Known(command.Format), command.SourceUrl,
                targets is null ? null : PostmortemImporter.ReferenceOptions(targets)));
        }
        catch (ExtractionException e)
        {
            return Result<ExtractionResult>.Fail(ErrorKind.ParseError, e.Message, "text");
        }
    }

    /// <summary>
    /// Imports one document. A text that is not a postmortem at all fails with <see cref="ErrorKind.NotAPostmortem"/>
    /// (a directory import skips it); one that names no incident with <see cref="ErrorKind.Validation"/>.
    /// </summary>
    public async Task<Result<ImportReport>> ImportAsync(ImportPostmortem command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        if (TooLong(command.Text) is { } tooLong)
        {
            return tooLong;
        }
        try
        {
            var report = await importer.ImportAsync(new ImportRequest(command.Text, Known(command.Format), command.SourceUrl, command.DocumentVersion),
                actor.Name, command.DryRun, cancellationToken);
            if (command.DryRun)
            {
                unitOfWork.Abandoned();
            }
            else
            {
                unitOfWork.Committed();
            }
            return Result<ImportReport>.Ok(report);
        }
        catch (ExtractionException e)
        {
            unitOfWork.Abandoned();
            return Result<ImportReport>.Fail(ErrorKind.ParseError, e.Message, "text");
        }
        catch (ImportException e)
        {
            unitOfWork.Abandoned();
            return Result<ImportReport>.Fail(e.NotAPostmortem ? ErrorKind.NotAPostmortem : ErrorKind.Validation, e.Message, "text");
        }
    }

    private static UseCaseError? TooLong(string text) => text.Length > MaxDocumentChars
        ? new UseCaseError(ErrorKind.ParseError, $"The document is longer than {MaxDocumentChars} characters.", "text")
        : null;

    private static DocumentFormat? Known(DocumentFormat? format) => format is { } f && f != DocumentFormat.Unknown ? f : null;
}
