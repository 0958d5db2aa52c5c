using ActionItems.Api.Metrics;
using ActionItems.Application;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Application;

/// <summary>The postmortem use cases: preview and import as the API and the command line call them.</summary>
public class PostmortemImportTests
{
    private const string Postmortem = """
        # 2026-11-02 queue backlog

        ## Actionables

        * Alert on queue depth above 10,000 for 10 minutes
        * Document the drain procedure in the runbook
        """;

    [Fact]
    public async Task An_import_commits_its_items_with_origin_import_and_signals_the_drain_once()
    {
        await using var app = await ApplicationHarness.CreateAsync();

        var result = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem, SourceUrl: "queue.md"), Triager, default);

        Assert.Equal(2, result.Value!.Added);
        Assert.Equal(1, app.Drains.Count);
        await using var db = app.Database.CreateContext();
        Assert.All(await db.ActionItemHistory.ToListAsync(), h => Assert.Equal(("alice", ChangeOrigin.Import), (h.Actor, h.Origin)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Extracted_fields_over_their_limits_are_shortened_with_a_warning_and_the_document_is_imported(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        // The extractor keeps a title short itself (the full text becomes the description); the description has a limit of its own.
        var longText = string.Concat(Enumerable.Repeat("Alert on queue depth ", 3_500));
        var longIncidentTitle = "2026-11-02 queue backlog " + new string('q', 600);
        var text = $"# {longIncidentTitle}\n\n## Actionables\n\n* {longText}\n* - - only nested text\n\n" +
            "| Action | Due |\n|---|---|\n| Rotate the logs | 3025-01-01 |\n";

        var result = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(text, SourceUrl: "queue.md"), Triager, default);

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
        var warnings = result.Value!.Warnings;
        Assert.Contains(warnings, w => w.StartsWith("item 1: the description is", StringComparison.Ordinal) && w.Contains("shortened to 65,536", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("the incident title is", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("item 3: due date 3025-01-01 is not between", StringComparison.Ordinal));
        await using var db = app.Database.CreateContext();
        Assert.Equal(FieldLimits.IncidentTitle, (await db.Incidents.SingleAsync()).Title.Length);
        var items = await db.ActionItems.OrderBy(i => i.Ordinal).ToListAsync();
        Assert.Equal(3, items.Count);
        Assert.InRange(items[0].Description!.Length, FieldLimits.ItemDescription - 5, FieldLimits.ItemDescription);
        Assert.EndsWith("…", items[0].Description, StringComparison.Ordinal);
        // An item whose text is only nested markers takes its title from its text instead of failing the document.
        Assert.Equal("only nested text", items[1].Title);
        Assert.Equal(("Rotate the logs", null), (items[2].Title, items[2].DueDate));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_signals_nothing()
    {
        await using var app = await ApplicationHarness.CreateAsync();

        var result = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem, DryRun: true), Triager, default);

        Assert.Equal((2, true), (result.Value!.Added, result.Value.DryRun));
        Assert.Equal(0, app.Drains.Count);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.ActionItems.CountAsync());
    }

    [Fact]
    public async Task A_github_repository_not_written_owner_slash_name_is_a_validation_error_and_stores_nothing()
    {
        await using var app = await ApplicationHarness.CreateAsync();

        var result = await app.Scope().Postmortems.ImportAsync(
            new ImportPostmortem(Postmortem, SourceUrl: "queue.md", GitHubRepository: "octo-org"), Triager, default);

        Assert.Equal((ErrorKind.Validation, "gitHubRepository"), (Assert.Single(result.Errors).Kind, result.Errors[0].Field));
        Assert.Contains("'octo-org' is not a GitHub repository", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, app.Drains.Count);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task A_rejected_and_a_dry_run_import_are_timed_under_their_own_outcomes()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        using var collector = new MeterCollector(app.Meters);

        await app.Scope().Postmortems.ImportAsync(new ImportPostmortem("# Release notes\n\n- Bumped the version\n"), Triager, default);
        await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem, SourceUrl: "queue.md", DryRun: true), Triager, default);

        var imports = collector.Collect().Single(s => s.Family.Name == "actionitems_import_duration_seconds");
        (string Outcome, long Count)[] expected = [("dry_run", 1), ("rejected", 1)];
        Assert.Equal(expected,
            imports.Series.Select(s => (Outcome: s.LabelValues[0], s.Count)).OrderBy(s => s.Outcome, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_text_with_nothing_of_a_postmortem_is_its_own_error_kind_so_batch_imports_can_skip_it()
    {
        await using var app = await ApplicationHarness.CreateAsync();

        var result = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem("# Release notes\n\n- Bumped the version\n"), Triager, default);

        Assert.Equal((ErrorKind.NotAPostmortem, "text"), (Assert.Single(result.Errors).Kind, result.Errors[0].Field));
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task Import_needs_a_triager_and_refuses_documents_over_the_size_limit_preview_needs_a_viewer()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var tooLong = new string('x', PostmortemImport.MaxDocumentChars + 1);

        Assert.Equal(ErrorKind.Forbidden, Assert.Single((await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem), Viewer, default)).Errors).Kind);
        Assert.Equal(ErrorKind.ParseError, Assert.Single((await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(tooLong), Triager, default)).Errors).Kind);
        Assert.Equal(ErrorKind.ParseError, Assert.Single(PostmortemImport.Preview(new PreviewPostmortem(tooLong), Viewer).Errors).Kind);
        Assert.Equal(2, PostmortemImport.Preview(new PreviewPostmortem(Postmortem), Viewer).Value!.Actionables.Count);
    }
}
