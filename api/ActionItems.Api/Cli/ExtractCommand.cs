using System.CommandLine;
using System.Globalization;
using System.Text;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Sync.Engine;

namespace ActionItems.Api.Cli;

public static class ExtractCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The postmortem: wikitext, a rendered Wikitech page, Markdown or HTML." };
        var format = new Option<string?>("--format")
        {
            Description = "wikitext, wikitech, markdown or html; detected when omitted.",
        };
        format.Validators.Add(result =>
        {
            try
            {
                ExtractionJson.ParseFormat(result.GetValueOrDefault<string?>());
            }
            catch (ArgumentException e)
            {
                result.AddError($"--format: {e.Message}");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout." };
        var repo = RepositoryOption();
        var command = new Command("extract", "Extract actionables, metadata, timeline and scorecard from a postmortem file (writes nothing).")
        {
            file, format, json, repo,
        };
        // Configuration (--Sync:Targets:0:BaseUrl=… and the like) decides which task references count, as for import.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => ActionItemsCli.GuardAsync(async () =>
        {
            var references = PostmortemImporter.ReferenceOptions(
                SyncTargetRegistry.FromConfiguration(CliConfiguration.Build(ConfigurationOverrides.From(parseResult)))) with
            {
                GitHubRepository = parseResult.GetValue(repo),
            };
            var path = parseResult.GetRequiredValue(file);
            string text;
            try
            {
                text = await PostmortemSources.ReadFileAsync(path.FullName, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot read {path.FullName}: {e.Message}");
                return ActionItemsCli.ExitUsage;
            }

            ExtractionResult result;
            try
            {
                result = PostmortemExtractor.Extract(text, ExtractionJson.ParseFormat(parseResult.GetValue(format)), path.Name, references);
            }
            catch (ExtractionException e)
            {
                await Console.Error.WriteLineAsync($"error: {path.Name}: {e.Message}");
                return ActionItemsCli.ExitUsage;
            }

            Console.Out.Write(parseResult.GetValue(json) ? ExtractionJson.Serialize(result) + "\n" : Describe(result));
            return ActionItemsCli.ExitOk;
        }));
        return command;
    }

    /// <summary>
    /// <c>--repo owner/name</c>: the GitHub repository a bare <c>#12</c> in the document means (issue 18, class 5),
    /// for a file whose path says nothing about where it lives. Anything not written <c>owner/name</c> is a usage error.
    /// </summary>
    public static Option<string?> RepositoryOption()
    {
        var repo = new Option<string?>("--repo")
        {
            Description = "owner/name: the GitHub repository a bare #12 means (else the document's source URL's, else unresolved).",
        };
        repo.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !ExtractionOptions.IsGitHubRepositoryName(value))
            {
                result.AddError($"--repo: '{value}' is not a GitHub repository (write it owner/name, e.g. octo-org/infrastructure)");
            }
        });
        return repo;
    }

    /// <summary>The human-readable report: what an author checks before importing.</summary>
    public static string Describe(ExtractionResult result)
    {
        var s = new StringBuilder();
        var i = result.Incident;
        s.AppendLine(CultureInfo.InvariantCulture, $"format:     {ExtractionJson.FormatName(result.Format)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"incident:   {i.Title ?? "(no title)"}{(i.Slug is null ? "" : $"  [slug {i.Slug}]")}");
        if (i.IncidentDate is not null || i.StartedAt is not null || i.TaskRef is not null)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"            date {i.IncidentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?"}, start {i.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "?"}, end {i.EndedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "?"}, task {i.TaskRef ?? "-"}");
        }
        s.AppendLine(CultureInfo.InvariantCulture, $"actionables: {result.Actionables.Count}");
        foreach (var a in result.Actionables)
        {
            var flags = new List<string>();
            if (a.Done is { } done)
            {
                flags.Add(done ? "done" : "open");
            }
            if (a.NeedsReview)
            {
                flags.Add("needs review");
            }
            if (a.References.Count > 0)
            {
                flags.Add(string.Join(' ', a.References.Select(r => r.Key)));
            }
            if (a.Owner is not null)
            {
                flags.Add("owner " + a.Owner);
            }
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {a.Ordinal,3}. {a.Title}{(flags.Count > 0 ? $"  ({string.Join("; ", flags)})" : "")}");
        }
        var markers = result.Timeline.Where(t => t.Marker != TimelineMarker.None)
            .Select(t => $"{t.Marker} {t.TimeText}");
        s.AppendLine(CultureInfo.InvariantCulture, $"timeline:   {result.Timeline.Count} entries{(markers.Any() ? $" ({string.Join(", ", markers)})" : "")}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"scorecard:  {result.Scorecard.Count} answers ({result.Scorecard.Count(x => x.Answer == ScorecardAnswerValue.Yes)} yes, {result.Scorecard.Count(x => x.Answer == ScorecardAnswerValue.No)} no, {result.Scorecard.Count(x => x.Answer == ScorecardAnswerValue.Unknown)} unknown)");
        foreach (var warning in result.Warnings)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"warning:    {warning}");
        }
        return s.ToString();
    }
}
