using System.Globalization;
using System.Text;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Stats;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;

namespace ActionItems.IntegrationTests.Stats;

/// <summary>
/// The onboarding case: an archive of postmortems from 2022–2026 imported in one go. Age buckets, time to resolve and
/// open-over-time must come out as an independent computation from the documents' own dates says, not from the import.
/// </summary>
public class DatedArchiveTests
{
    private const int Documents = 60;

    /// <summary>One generated postmortem and what its dates say about its items.</summary>
    private sealed record ArchivedPostmortem(string Text, DateTimeOffset? EditedAt, IReadOnlyList<ArchivedItem> Items);

    /// <summary>When the item was opened by the document's dates, and when it was resolved (null: open or resolved at an unknown time).</summary>
    private sealed record ArchivedItem(DateTimeOffset OpenedAt, bool Done, DateTimeOffset? ResolvedAt);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Age_buckets_time_to_resolve_and_open_over_time_of_an_imported_archive_follow_the_documents_dates(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var now = app.Clock.GetUtcNow();
        var archive = Generate(new Random(20261205), now);
        foreach (var (document, index) in archive.Select((d, i) => (d, i)))
        {
            var imported = await app.Scope().Postmortems.ImportAsync(
                new ImportPostmortem(document.Text, SourceUrl: $"archive/{index:D3}.md", DocumentDate: document.EditedAt), Triager, default);
            Assert.Empty(imported.Errors);
        }
        var items = archive.SelectMany(d => d.Items).ToList();

        await using var db = app.Database.CreateContext();
        var stats = new ActionItemStats(db, app.Clock);

        var buckets = await stats.OpenAgeBucketsAsync(ActionItemFilter.None, default);
        var openAges = items.Where(i => !i.Done).Select(i => (now - i.OpenedAt).TotalDays).ToList();
        Assert.Equal(
            [
                ("under 7 days", openAges.Count(a => a < 7)),
                ("7–30 days", openAges.Count(a => a is >= 7 and < 30)),
                ("30–90 days", openAges.Count(a => a is >= 30 and < 90)),
                ("90–365 days", openAges.Count(a => a is >= 90 and < 365)),
                ("over a year", openAges.Count(a => a >= 365)),
            ],
            buckets.Select(b => (b.Label, b.Count)));
        Assert.True(openAges.Count(a => a >= 365) > 10, "the archive reaches years back");

        var hours = items.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.OpenedAt).TotalHours).Order().ToList();
        var timeToResolve = await stats.TimeToResolveAsync(ActionItemFilter.None, default);
        Assert.Equal(hours.Count, timeToResolve.Count);
        Assert.Equal(Percentile(hours, 0.5), timeToResolve.MedianHours!.Value, 6);
        Assert.Equal(Percentile(hours, 0.9), timeToResolve.P90Hours!.Value, 6);
        Assert.True(hours.All(h => h > 24), "no done item resolves in 0 hours");

        var from = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var series = await stats.OpenOverTimeAsync(TimeInterval.Month, from, now, ActionItemFilter.None, default);
        var expected = series.Select(point =>
        {
            var end = new DateTimeOffset(point.End, TimeSpan.Zero);
            // Open just before the bucket's end; an item done at an unknown time was never open here.
            return items.Count(i => i.OpenedAt < end && (!i.Done || (i.ResolvedAt is { } resolved && resolved >= end)));
        });
        Assert.Equal(expected, series.Select(p => p.Open));
        Assert.Contains(series, p => p.Open > 0 && p.End.Year == 2022);
    }

    /// <summary>
    /// Postmortems dated 2022–2026 in three styles (start and end, start only, date only), one to four items each,
    /// about four in ten done; half the documents say when they were last edited (which dates their done items).
    /// </summary>
    private static List<ArchivedPostmortem> Generate(Random random, DateTimeOffset now)
    {
        var first = new DateTimeOffset(2022, 1, 3, 0, 0, 0, TimeSpan.Zero);
        var span = (int)(now - first).TotalDays - 60;
        var archive = new List<ArchivedPostmortem>();
        for (var n = 0; n < Documents; n++)
        {
            var started = first.AddDays(random.Next(span)).AddHours(random.Next(1, 22)).AddMinutes(random.Next(60));
            var ended = started.AddMinutes(random.Next(10, 600));
            var style = n % 3;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"# {started:yyyy-MM-dd} incident {n}\n\n");
            if (style < 2)
            {
                text.Append(CultureInfo.InvariantCulture, $"**Start:** {started:yyyy-MM-dd HH:mm} UTC\n");
            }
            if (style == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"**End:** {ended:yyyy-MM-dd HH:mm} UTC\n");
            }
            var openedAt = style switch
            {
                0 => ended,
                1 => started,
                _ => new DateTimeOffset(started.UtcDateTime.Date, TimeSpan.Zero),
            };
            DateTimeOffset? editedAt = n % 2 == 0 ? openedAt.AddDays(random.Next(2, 50)).AddHours(random.Next(24)) : null;
            text.Append("\n## Action items\n\n");
            var items = new List<ArchivedItem>();
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var done = random.NextDouble() < 0.4;
                text.Append(CultureInfo.InvariantCulture, $"- [{(done ? 'x' : ' ')}] Remediation {i} of incident {n}\n");
                items.Add(new ArchivedItem(openedAt, done, done ? editedAt : null));
            }
            archive.Add(new ArchivedPostmortem(text.ToString(), editedAt, items));
        }
        return archive;
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(rank), (int)Math.Ceiling(rank));
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
