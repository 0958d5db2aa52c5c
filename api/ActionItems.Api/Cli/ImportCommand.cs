using System.CommandLine;
using ActionItems.Application;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Postmortems.MediaWiki;
using ActionItems.Core.Domain;

namespace ActionItems.Api.Cli;

public static class ImportCommand
{
    public const int ExitSomeFailed = 1;

    public static Command Create()
    {
        var input = new Argument<string>("file|directory|url")
        {
            Description = "A postmortem file, a directory of them, a wiki page URL, or wiki:Title (MediaWiki:ApiUrl).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change; write nothing." };
        var format = new Option<string?>("--format") { Description = "wikitext, wikitech, markdown or html; detected when omitted." };
        var repo = ExtractCommand.RepositoryOption();
        var command = new Command("import", "Import postmortems into the configured database (re-imports are idempotent).")
        {
            input, dryRun, format, repo,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => ActionItemsCli.GuardAsync(async () =>
        {
            DocumentFormat? hint;
            try
            {
                hint = ExtractionJson.ParseFormat(parseResult.GetValue(format));
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: --format: {e.Message}");
                return ActionItemsCli.ExitUsage;
            }
            using var host = await CliHost.CreateAsync(ConfigurationOverrides.From(parseResult), cancellationToken);
            return await RunAsync(host.Services, parseResult.GetRequiredValue(input), hint,
                parseResult.GetValue(dryRun), parseResult.GetValue(repo), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string input, DocumentFormat? hint, bool dryRun,
        string? repository, CancellationToken cancellationToken)
    {
        var documents = services.GetRequiredService<PostmortemSources>().Find(input);
        if (documents.Count == 0)
        {
            await Console.Error.WriteLineAsync($"error: {input}: no such file, no postmortem files in that directory, and not a wiki page URL or wiki:Title");
            return ActionItemsCli.ExitUsage;
        }

        var actor = Actor.Cli(Environment.UserName);
        int added = 0, updated = 0, unchanged = 0, vanished = 0, links = 0, failed = 0, skipped = 0, importFailed = 0;
        foreach (var document in documents)
        {
            LoadedDocument loaded;
            try
            {
                loaded = await document.LoadAsync(cancellationToken);
            }
            catch (Exception e) when (e is WikiFetchException or IOException or UnauthorizedAccessException)
            {
                failed++;
                await Console.Error.WriteLineAsync($"error: {document.Name}: {e.Message}");
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unexpected, yet this document's alone: the others are still read and imported.
                failed++;
                importFailed++;
                await Console.Error.WriteLineAsync($"error: {document.Name}: reading it failed unexpectedly: {e.GetType().Name}: {e.Message}");
                continue;
            }
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<PostmortemImport>().ImportAsync(
                new ImportPostmortem(loaded.Text, hint, document.Source, dryRun, loaded.Version, loaded.EditedAt, repository), actor, cancellationToken);
            if (result.Value is { } report)
            {
                Console.WriteLine($"{document.Name}: {Describe(report)}");
                (added, updated, unchanged, vanished, links) = (added + report.Added, updated + report.Updated,
                    unchanged + report.Unchanged, vanished + report.Vanished, links + report.LinksCreated);
            }
            else if (result.Errors[0] is { Kind: ErrorKind.NotAPostmortem } notAPostmortem && documents.Count > 1)
            {
                skipped++;
                Console.WriteLine($"{document.Name}: skipped, {notAPostmortem.Message}");
            }
            else
            {
                failed++;
                importFailed += result.Errors[0].Kind == ErrorKind.ImportFailed ? 1 : 0;
                await Console.Error.WriteLineAsync($"error: {document.Name}: {result.Errors[0].Message}");
            }
        }

        Console.WriteLine(
            $"total: {documents.Count - failed - skipped} of {documents.Count} document(s) imported{(skipped > 0 ? $", {skipped} skipped" : "")}: {added} added, {updated} updated, {unchanged} unchanged, {vanished} vanished, {links} link(s){(dryRun ? " — dry run, nothing written" : "")}");
        // Exit 2 says the input was unusable; a document the import itself failed on is not the input's fault.
        return failed == 0 ? ActionItemsCli.ExitOk
            : failed + skipped == documents.Count && importFailed == 0 ? ActionItemsCli.ExitUsage
            : ExitSomeFailed;
    }

    private static string Describe(ImportReport r)
    {
        var what = r.DocumentUnchanged ? "unchanged document"
            : r.IncidentCreated ? "new incident" : "updated incident";
        var warnings = r.Warnings.Count == 0 ? "" : $"; {r.Warnings.Count} warning(s): {string.Join(" | ", r.Warnings)}";
        return $"{what} '{r.Slug}' ({ExtractionJson.FormatName(r.Format)}): {r.Added} added, {r.Updated} updated, {r.Unchanged} unchanged, {r.Vanished} vanished, {r.LinksCreated} link(s){warnings}";
    }
}
