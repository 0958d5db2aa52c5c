using System.Diagnostics;
using ActionItems.Application.Telemetry;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Sync.Engine;
using Microsoft.Extensions.Logging;

namespace ActionItems.Application.Postmortems;

/// <summary>A postmortem to read: its text, a format hint (detected when null) and where it lives.</summary>
public sealed record PreviewPostmortem(string Text, DocumentFormat? Format = null, string? SourceUrl = null);

/// <summary>
/// A postmortem to import (or re-import). <paramref name="DocumentVersion"/> is the source's own version (a wiki
/// revision) and <paramref name="DocumentDate"/> when that version was written, which dates the items it marks done;
/// a dry run reports what would change and writes nothing.
/// </summary>
// GitHubRepository (owner/name, from --repo) is the repository a bare #12 in the document means; null reads it from
// the source URL, when that is on GitHub.
public sealed record ImportPostmortem(string Text, DocumentFormat? Format = null, string? SourceUrl = null, bool DryRun = false,
    string? DocumentVersion = null, DateTimeOffset? DocumentDate = null, string? GitHubRepository = null);

/// <summary>
/// The postmortem use cases, shared by the API and the command line: preview (extraction only) and import through
/// <see cref="PostmortemImporter"/>, whose one transaction per document is this use case's unit of work.
/// </summary>
public sealed partial class PostmortemImport(PostmortemImporter importer, UnitOfWork unitOfWork, ILogger<PostmortemImport> logger,
    ImportMeter meter)
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
    /// (a directory import skips it); one that names no incident with <see cref="ErrorKind.Validation"/>. Anything
    /// unexpected (the database refuses a row, a bug) fails with <see cref="ErrorKind.ImportFailed"/>: the document's
    /// transaction is rolled back, so nothing of it is stored, and a batch goes on with its other documents.
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
        if (command.GitHubRepository is { } repository && !ExtractionOptions.IsGitHubRepositoryName(repository))
        {
            return Result<ImportReport>.Fail(ErrorKind.Validation,
                $"'{repository}' is not a GitHub repository (write it owner/name, e.g. octo-org/infrastructure)", "gitHubRepository");
        }
        var startedAt = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var report = await importer.ImportAsync(new ImportRequest(command.Text, Known(command.Format), command.SourceUrl, command.DocumentVersion, command.DocumentDate,
                    command.GitHubRepository),
                actor.Name, command.DryRun, cancellationToken);
            if (command.DryRun)
            {
                unitOfWork.Abandoned();
            }
            else
            {
                unitOfWork.Committed();
            }
            outcome = command.DryRun ? "dry_run" : "imported";
            return Result<ImportReport>.Ok(report);
        }
        catch (ExtractionException e)
        {
            outcome = "rejected";
            unitOfWork.Abandoned();
            return Result<ImportReport>.Fail(ErrorKind.ParseError, e.Message, "text");
        }
        catch (ImportException e)
        {
            outcome = "rejected";
            unitOfWork.Abandoned();
            return Result<ImportReport>.Fail(e.NotAPostmortem ? ErrorKind.NotAPostmortem : ErrorKind.Validation, e.Message, "text");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The importer's transaction was disposed, so rolled back, on the way out; Abandoned drops the tracked
            // half of the document so the scope's context is clean for whatever runs next.
            unitOfWork.Abandoned();
            LogImportFailed(logger, e, command.SourceUrl ?? "(no source)");
            return Result<ImportReport>.Fail(ErrorKind.ImportFailed,
                $"the import failed and was rolled back, nothing of this document was stored: {Reason(e)}");
        }
        finally
        {
            meter.Imported(startedAt, outcome);
        }
    }

    /// <summary>The innermost exception on one line: a DbUpdateException's own message says only "see the inner exception".</summary>
    private static string Reason(Exception e)
    {
        var cause = e.GetBaseException();
        return $"{cause.GetType().Name}: {string.Join(' ', cause.Message.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing the postmortem {Source} failed unexpectedly; its transaction was rolled back")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, string source);

    private static UseCaseError? TooLong(string text) => text.Length > MaxDocumentChars
        ? new UseCaseError(ErrorKind.ParseError, $"The document is longer than {MaxDocumentChars} characters.", "text")
        : null;

    private static DocumentFormat? Known(DocumentFormat? format) => format is { } f && f != DocumentFormat.Unknown ? f : null;
}
