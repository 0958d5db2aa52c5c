using System.CommandLine;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Data.Import;
using ActionItems.Sync.MediaWiki;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Cli;

public static class ImportCommand
{
    public const int ExitSomeFailed = 1;

    private static readonly string[] DocumentExtensions = [".txt", ".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".html", ".htm"];

    private sealed record Document(string Name, string? Source, Func<CancellationToken, Task<(string Text, string? Version)>> LoadAsync);

    public static Command Create()
    {
        var input = new Argument<string>("file|directory|url")
        {
            Description = "A postmortem file, a directory of them, a wiki page URL, or wiki:Title (MediaWiki:ApiUrl).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change; write nothing." };
        var format = new Option<string?>("--format") { Description = "wikitext, wikitech, markdown or html; detected when omitted." };
        var command = new Command("import", "Import postmortems into the configured database (re-imports are idempotent).")
        {
            input, dryRun, format,
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
            using var host = await CliHost.CreateAsync([.. parseResult.UnmatchedTokens], cancellationToken);
            return await RunAsync(host.Services, parseResult.GetRequiredValue(input), hint,
                parseResult.GetValue(dryRun), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string input, DocumentFormat? hint, bool dryRun,
        CancellationToken cancellationToken)
    {
        var documents = FindDocuments(services, input);
        if (documents.Count == 0)
        {
            await Console.Error.WriteLineAsync($"error: {input}: no such file, no postmortem files in that directory, and not a wiki page URL or wiki:Title");
            return ActionItemsCli.ExitUsage;
        }

        var actor = $"cli:{Environment.UserName}";
        int added = 0, updated = 0, unchanged = 0, vanished = 0, links = 0, failed = 0, skipped = 0;
        foreach (var document in documents)
        {
            try
            {
                var (text, version) = await document.LoadAsync(cancellationToken);
                await using var scope = services.CreateAsyncScope();
                var importer = scope.ServiceProvider.GetRequiredService<PostmortemImporter>();
                var report = await importer.ImportAsync(new ImportRequest(text, hint, document.Source, version), actor, dryRun,
                    cancellationToken);
                Console.WriteLine($"{document.Name}: {Describe(report)}");
                (added, updated, unchanged, vanished, links) = (added + report.Added, updated + report.Updated,
                    unchanged + report.Unchanged, vanished + report.Vanished, links + report.LinksCreated);
            }
            catch (ImportException e) when (e.NotAPostmortem && documents.Count > 1)
            {
                skipped++;
                Console.WriteLine($"{document.Name}: skipped, {e.Message}");
            }
            catch (Exception e) when (e is ExtractionException or ImportException or WikiFetchException or IOException or UnauthorizedAccessException)
            {
                failed++;
                await Console.Error.WriteLineAsync($"error: {document.Name}: {e.Message}");
            }
        }

        Console.WriteLine(
            $"total: {documents.Count - failed - skipped} of {documents.Count} document(s) imported{(skipped > 0 ? $", {skipped} skipped" : "")}: {added} added, {updated} updated, {unchanged} unchanged, {vanished} vanished, {links} link(s){(dryRun ? " — dry run, nothing written" : "")}");
        return failed == 0 ? ActionItemsCli.ExitOk : failed + skipped == documents.Count ? ActionItemsCli.ExitUsage : ExitSomeFailed;
    }

    private static string Describe(ImportReport r)
    {
        var what = r.DocumentUnchanged ? "unchanged document"
            : r.IncidentCreated ? "new incident" : "updated incident";
        var warnings = r.Warnings.Count == 0 ? "" : $"; {r.Warnings.Count} warning(s): {string.Join(" | ", r.Warnings)}";
        return $"{what} '{r.Slug}' ({ExtractionJson.FormatName(r.Format)}): {r.Added} added, {r.Updated} updated, {r.Unchanged} unchanged, {r.Vanished} vanished, {r.LinksCreated} link(s){warnings}";
    }

    private static List<Document> FindDocuments(IServiceProvider services, string input)
    {
        if (Directory.Exists(input))
        {
            return [.. Directory.EnumerateFiles(input)
                .Where(f => DocumentExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(FileDocument)];
        }
        if (File.Exists(input))
        {
            return [FileDocument(input)];
        }
        var options = services.GetRequiredService<IOptions<MediaWikiOptions>>().Value;
        if (WikiPageAddress.Parse(input, options) is { } address)
        {
            var source = services.GetRequiredService<MediaWikiPageSource>();
            return [new Document(address.PageUrl, address.PageUrl, async ct =>
            {
                var page = await source.FetchAsync(address, ct);
                return (page.Wikitext, page.Version);
            })];
        }
        return [];
    }

    private static Document FileDocument(string path) =>
        new(Path.GetFileName(path), Path.GetFileName(path), async ct => (await DocumentFiles.ReadAsync(path, ct), null));
}
