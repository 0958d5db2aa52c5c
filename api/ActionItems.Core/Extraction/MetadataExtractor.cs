using System.Globalization;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>Incident metadata: title and date from the page title, key/value fields from the metadata block or template.</summary>
internal sealed partial class MetadataExtractor(IReadOnlyList<DocBlock> blocks, IReadOnlyList<Section> sections, ReferenceRules rules,
    FrontMatter frontMatter)
{
    /// <summary>How many blocks from the top may hold the sentence that dates the incident ("On March 14, 2023, …").</summary>
    private const int ProseDateBlocks = 12;

    private enum Field
    {
        Date,
        IncidentId,
        Start,
        End,
        Detected,
        Task,
        PeoplePaged,
        ResponderCount,
        Coordinators,
        Impact,
        Metrics,
        Status,
    }

    /// <summary>Labels of the Wikitech metadata table as they appear once the table is flattened into lines.</summary>
    private static readonly (string Label, Field Field)[] FlattenedLabels =
    [
        ("Incident ID", Field.IncidentId), ("Start", Field.Start), ("End", Field.End), ("Task", Field.Task),
        ("People paged", Field.PeoplePaged), ("Responder count", Field.ResponderCount), ("Coordinators", Field.Coordinators),
        ("Affected metrics/SLOs", Field.Metrics), ("Impact", Field.Impact), ("Detected", Field.Detected),
    ];

    [GeneratedRegex(@"^\**\s*(date|incident date|date of (?:the )?incident|incident id|id|start|start time|started|started at|outage start|impact start|start of impact|end|end time|ended|ended at|outage end|impact end|end of impact|" +
        @"detected|detected at|detection time|time detected|task|phabricator task|tracking task|incident task|people paged|paged|" +
        @"responder count|responders|number of responders|coordinators?|incident coordinators?|ic|impact|affected metrics/slos|document status|status)" +
        // Atomic runs of blanks and stars: otherwise "start" followed by thousands of blanks and no colon
        // backtracks over every way of splitting them between adjacent \s* (quadratic, past the match timeout).
        @"(?>\s*)(\(utc\))?(?>[\s*]*)[:=](?>[\s*]*)(.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex ColonField { get; }

    [GeneratedRegex(@"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T,]*([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?\s*(utc|z|gmt|[+-][0-9]{2}:?[0-9]{2})?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DateTimeValue { get; }
    [GeneratedRegex(@"^([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)\s*(utc|z|gmt)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TimeValue { get; }
    [GeneratedRegex(@"document status\s*[:=]?\s*(draft|in-review|in review|review|final|published|complete|done)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DocumentStatusLine { get; }
    [GeneratedRegex(@"([0-9]{4})-([0-9]{2})-([0-9]{2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DateInTitle { get; }
    [GeneratedRegex(@"(^|[^0-9])([0-9]{4})([0-9]{2})([0-9]{2})($|[^0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex CompactDateInTitle { get; }
    [GeneratedRegex(@"^\s*([a-z][a-z0-9 _-]{0,40})\s*=\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TemplateParameter { get; }
    [GeneratedRegex(@"^(import|export) +(const|let|var|function|default|\{|\*|[A-Za-z_$][A-Za-z0-9_$]* +from )", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex MdxStatement { get; }

    private readonly Dictionary<Field, string> _fields = [];
    private bool? _dayFirst;

    public string? Title { get; private set; }
    public string? Slug { get; private set; }
    public DateOnly? IncidentDate { get; private set; }
    public DocumentStatus DocumentStatus { get; private set; }

    /// <summary>The earliest date the timeline section states, for a document that names no date elsewhere.</summary>
    public DateOnly? TimelineDate { get; private set; }

    /// <summary>The first date stated near the top of the document ("On March 14, 2023, …"), the last resort.</summary>
    public DateOnly? ProseDate { get; private set; }

    public ExtractedIncident Extract(string? sourceUrl, string? htmlPageTitle)
    {
        ReadTitle(sourceUrl, htmlPageTitle);
        _dayFirst = IncidentDates.DayFirstOrder(new[] { Title ?? "" }.Concat(blocks.Where(b => !IsScript(b)).Select(b => b.Text)));
        ReadFields();
        // A "Date:" label first, then the title (unless the timeline shows it stale), the start field and the front
        // matter's publication date; the timeline and the prose only when none of these says (PostmortemExtractor).
        (TimelineDate, _latestTimelineDate) = TimelineRange();
        ProseDate = FirstProseDate();
        IncidentDate = (Get(Field.Date) is { } dateText ? IncidentDates.FirstIn(dateText, _dayFirst) : null)
            ?? CurrentTitleDate(DateFromTitle(Title, _dayFirst));

        var start = ParseInstant(Get(Field.Start));
        var end = ParseInstant(Get(Field.End));
        var detected = ParseInstant(Get(Field.Detected));
        IncidentDate ??= start is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null;
        // A site generator's "date" is when the post went out, usually days after the incident: after the
        // document's own statements, before the timeline and the prose.
        IncidentDate ??= frontMatter.Date;

        var task = Get(Field.Task) is { } taskText
            ? ReferenceFinder.Find(taskText, [], rules, taskField: true).FirstOrDefault(r => r.IsTask)?.Key ?? taskText.Trim()
            : null;
        var coordinators = Get(Field.Coordinators) is { } names
            ? names.Split([',', ';', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(n => n.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(n => n.Length > 0 && !ItemText.IsNoneMarker(n))
                .ToList()
            : [];

        return new ExtractedIncident
        {
            Title = Title,
            Slug = Slug,
            IncidentDate = IncidentDate,
            StartedAt = start,
            EndedAt = end,
            DetectedAt = detected,
            TaskRef = task,
            PeoplePaged = Get(Field.PeoplePaged) is { } paged ? TextTools.FirstInteger(paged) : null,
            ResponderCount = Get(Field.ResponderCount) is { } responders ? TextTools.FirstInteger(responders) : null,
            Coordinators = coordinators,
            Impact = Get(Field.Impact) ?? FirstParagraph(SectionRole.Impact),
            Summary = FirstParagraph(SectionRole.Summary),
            DocumentStatus = DocumentStatus,
        };
    }

    private string? Get(Field field) => _fields.TryGetValue(field, out var value) && !ItemText.IsNoneMarker(value) ? value : null;

    private void ReadTitle(string? sourceUrl, string? htmlPageTitle)
    {
        string? title = null;
        if (sourceUrl is not null)
        {
            title = TitleFromUrl(sourceUrl);
        }

        title ??= frontMatter.Title;

        title ??= htmlPageTitle is not null && PageTitle.IsPageTitle(htmlPageTitle) ? htmlPageTitle : null;
        title ??= blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingOrigin == HeadingOrigin.PageTitle)?.Text;
        if (title is null)
        {
            var first = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading);
            if (first is not null && first.HeadingOrigin is HeadingOrigin.Markup or HeadingOrigin.PageTitle
                && SectionNames.Classify(first.Text) == SectionRole.Other && first.Level <= 2)
            {
                title = first.Text;
            }
        }

        title ??= htmlPageTitle;
        Title = title is null ? null : ItemText.Tidy(title).Text;
        Slug = Title is null ? null : PageTitle.SlugOf(Title);
    }

    private static string? TitleFromUrl(string sourceUrl)
    {
        if (!Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var wiki = path.IndexOf("/wiki/", StringComparison.Ordinal);
        string? title = wiki >= 0 ? path[(wiki + 6)..] : null;
        if (title is null && uri.Query.Contains("title=", StringComparison.Ordinal))
        {
            var query = Uri.UnescapeDataString(uri.Query.TrimStart('?'));
            title = query.Split('&').FirstOrDefault(p => p.StartsWith("title=", StringComparison.Ordinal))?[6..];
        }

        return string.IsNullOrWhiteSpace(title) ? null : title.Replace('_', ' ').Trim();
    }

    /// <summary>
    /// A title date far outside the dates the timeline logs is a heading copied from an earlier report and never
    /// updated; the timeline, written while the incident ran, is then the better witness.
    /// </summary>
    private DateOnly? CurrentTitleDate(DateOnly? titleDate)
    {
        if (titleDate is not { } title || TimelineDate is not { } earliest)
        {
            return titleDate;
        }

        var latest = _latestTimelineDate ?? earliest;
        return title < earliest.AddDays(-StaleTitleDays) || title > latest.AddDays(StaleTitleDays) ? earliest : title;
    }

    /// <summary>How far a title's date may lie outside the timeline's dates (a report titled by its detection or publication day).</summary>
    private const int StaleTitleDays = 14;

    /// <summary>MDX <c>import</c>/<c>export</c> statements are JavaScript (a post object's publication date), not text.</summary>
    private static bool IsScript(DocBlock block)
    {
        if (block.Kind != BlockKind.Paragraph)
        {
            return false;
        }

        // The pattern (case-sensitive) starts with "import " or "export ": every other paragraph skips it.
        var line = block.RawLines.Count > 0 ? block.RawLines[0] : block.Text;
        return (line.StartsWith("import ", StringComparison.Ordinal) || line.StartsWith("export ", StringComparison.Ordinal)) && MdxStatement.IsMatch(line);
    }

    private static DateOnly? DateFromTitle(string? title, bool? dayFirst)
    {
        if (title is null)
        {
            return null;
        }

        if (DateInTitle.Match(title) is { Success: true } dashed && TextTools.TryParseDate(dashed.Groups[1].ValueSpan, dashed.Groups[2].ValueSpan, dashed.Groups[3].ValueSpan, out var date))
        {
            return date;
        }

        return CompactDateInTitle.Match(title) is { Success: true } compact
            && TextTools.TryParseDate(compact.Groups[2].ValueSpan, compact.Groups[3].ValueSpan, compact.Groups[4].ValueSpan, out var compactDate)
            ? compactDate
            : IncidentDates.FirstIn(title, dayFirst);
    }

    /// <summary>The latest date the timeline logs (its earliest is <see cref="TimelineDate"/>).</summary>
    private DateOnly? _latestTimelineDate;

    /// <summary>The earliest and latest timeline dates, from one reading of the timeline (each reading runs the date patterns over every entry).</summary>
    private (DateOnly? Earliest, DateOnly? Latest) TimelineRange()
    {
        DateOnly? earliest = null, latest = null;
        foreach (var date in TimelineDates())
        {
            earliest = earliest is { } e && e <= date ? e : date;
            latest = latest is { } l && l >= date ? l : date;
        }

        return (earliest, latest);
    }

    /// <summary>The dates in the timeline section: its date headers, table rows and entries.</summary>
    private IEnumerable<DateOnly> TimelineDates()
    {
        var timeline = sections.FirstOrDefault(s => s.Role == SectionRole.Timeline);
        if (timeline is null)
        {
            yield break;
        }

        for (var i = timeline.Start; i < timeline.End; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Preformatted)
            {
                continue; // log excerpts carry the dates of whatever they log
            }

            var text = block.Kind == BlockKind.TableRow ? string.Join(" | ", block.Cells.Select(c => c.Text)) : block.Text;
            foreach (var (_, date) in IncidentDates.All(text, _dayFirst))
            {
                yield return date;
            }
        }
    }

    /// <summary>The first date in the paragraphs, list items and headings at the top of the document, before any timeline or actionables.</summary>
    private DateOnly? FirstProseDate()
    {
        var firstTimelineOrActions = sections.Where(s => s.Role is SectionRole.Timeline or SectionRole.Actionables)
            .Select(s => s.HeadingIndex).DefaultIfEmpty(blocks.Count).Min();
        var limit = Math.Min(Math.Min(blocks.Count, firstTimelineOrActions), ProseDateBlocks);
        for (var i = 0; i < limit; i++)
        {
            var block = blocks[i];
            if (block.Kind is BlockKind.Preformatted or BlockKind.Template || IsScript(block))
            {
                continue;
            }

            var text = block.Kind == BlockKind.TableRow ? string.Join(" | ", block.Cells.Select(c => c.Text)) : block.Text;
            if (IncidentDates.FirstIn(text, _dayFirst) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private void ReadFields()
    {
        var excluded = new bool[blocks.Count];
        foreach (var section in sections.Where(s => s.Role is SectionRole.Timeline or SectionRole.Actionables or SectionRole.Scorecard or SectionRole.NotActionables))
        {
            for (var i = section.Start; i < section.End; i++)
            {
                excluded[i] = true;
            }
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Template)
            {
                ReadTemplate(block.RawLines[0]);
                continue;
            }

            if (DocumentStatus == DocumentStatus.Unknown && DocumentStatusLine.Match(block.Text) is { Success: true } status)
            {
                DocumentStatus = StatusOf(status.Groups[1].Value);
            }

            if (excluded[i] || IsScript(block))
            {
                continue;
            }

            switch (block.Kind)
            {
                case BlockKind.TableRow when block.Cells.Count >= 2:
                    for (var c = 0; c + 1 < block.Cells.Count; c += 2)
                    {
                        if (FieldOf(block.Cells[c].Text) is { } field)
                        {
                            Set(field, block.Cells[c + 1].Text);
                        }
                    }

                    break;
                case BlockKind.Paragraph or BlockKind.ListItem:
                    var lines = block.Kind == BlockKind.ListItem ? [block.Text] : block.RawLines;
                    var flattened = block.Text.StartsWith("Incident metadata", StringComparison.OrdinalIgnoreCase);
                    foreach (var rawLine in lines)
                    {
                        var line = RenderedTextReader.ParseInline(rawLine).Text;
                        if (ColonField.Match(line) is { Success: true } colon && FieldOf(colon.Groups[1].Value) is { } field)
                        {
                            Set(field, colon.Groups[3].Value);
                        }
                        else if (flattened)
                        {
                            ReadFlattenedLine(line);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>"Incident ID 2024-10-09 calico-codfw Start 2024-10-09 05:01:36": labels split the values apart.</summary>
    private void ReadFlattenedLine(string line)
    {
        var positions = new List<(int Index, string Label, Field Field)>();
        foreach (var (label, field) in FlattenedLabels)
        {
            var from = 0;
            while (from < line.Length)
            {
                var index = line.IndexOf(label, from, StringComparison.Ordinal);
                if (index < 0)
                {
                    break;
                }

                var startsWord = index == 0 || line[index - 1] == ' ';
                var endsWord = index + label.Length == line.Length || line[index + label.Length] == ' ';
                if (startsWord && endsWord && !positions.Any(p => index >= p.Index && index < p.Index + p.Label.Length))
                {
                    positions.Add((index, label, field));
                }

                from = index + label.Length;
            }
        }

        positions.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (positions.Count == 0 || positions[0].Index != 0)
        {
            return;
        }

        // Only the first occurrence of a label counts; later ones are part of a value (an impact sentence).
        var seen = new HashSet<Field>();
        positions = positions.Where(p => seen.Add(p.Field)).ToList();
        for (var p = 0; p < positions.Count; p++)
        {
            var valueStart = positions[p].Index + positions[p].Label.Length;
            var valueEnd = p + 1 < positions.Count ? positions[p + 1].Index : line.Length;
            if (valueEnd > valueStart)
            {
                Set(positions[p].Field, line[valueStart..valueEnd]);
            }
        }
    }

    private void ReadTemplate(string template)
    {
        var inner = template.Trim().TrimStart('{').TrimEnd('}');
        var parts = SplitTopLevel(inner);
        var name = parts.Count > 0 ? parts[0].Trim().ToUpperInvariant() : "";
        foreach (var part in parts.Skip(1))
        {
            var match = TemplateParameter.Match(part.Replace('\n', ' '));
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups[1].Value.Trim().ToUpperInvariant().Replace('_', '-').Replace(' ', '-');
            var value = WikitextReader.ParseInline(match.Groups[2].Value).Text;
            if (value.Length == 0)
            {
                continue;
            }

            Field? field = key switch
            {
                "ID" => Field.IncidentId,
                "TASK" => Field.Task,
                "PAGED-NUM" or "PAGED" or "PEOPLE-PAGED" => Field.PeoplePaged,
                "RESPONDERS-NUM" or "RESPONDERS" or "RESPONDER-COUNT" => Field.ResponderCount,
                "COORDINATORS" or "COORDINATOR" or "IC" => Field.Coordinators,
                "START" or "START-TIME" => Field.Start,
                "END" or "END-TIME" => Field.End,
                "DETECTED" or "DETECTION" => Field.Detected,
                "IMPACT" => Field.Impact,
                "METRICS" => Field.Metrics,
                "STATUS" when name is "IRDOC" or "INCIDENT DOC" => Field.Status,
                _ => null,
            };

            if (field == Field.Status)
            {
                DocumentStatus = StatusOf(value);
            }
            else if (field is { } known)
            {
                Set(known, value);
            }
        }
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == '|' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private void Set(Field field, string value)
    {
        var clean = TextTools.NormalizeWhitespace(value).Trim().Trim('*').Trim();
        // A "Date" column header over a table of events is no date; only a value that states one counts.
        if (field == Field.Date && IncidentDates.FirstIn(clean, _dayFirst) is null)
        {
            return;
        }

        if (clean.Length > 0 && !_fields.ContainsKey(field))
        {
            _fields[field] = clean;
        }
    }

    private static Field? FieldOf(string label) => TextTools.HeadingKey(label) switch
    {
        "date" or "incident date" or "date of incident" or "date of the incident" => Field.Date,
        "incident id" or "id" => Field.IncidentId,
        "start" or "start time" or "started" or "started at" or "outage start" or "impact start" or "start of impact" or "start utc" => Field.Start,
        "end" or "end time" or "ended" or "ended at" or "outage end" or "impact end" or "end of impact" or "end utc" => Field.End,
        "detected" or "detected at" or "detection time" or "time detected" => Field.Detected,
        "task" or "phabricator task" or "tracking task" or "incident task" => Field.Task,
        "people paged" or "paged" => Field.PeoplePaged,
        "responder count" or "responders" or "number of responders" => Field.ResponderCount,
        "coordinators" or "coordinator" or "incident coordinator" or "incident coordinators" or "ic" => Field.Coordinators,
        "impact" => Field.Impact,
        "affected metrics/slos" => Field.Metrics,
        _ => null,
    };

    private static DocumentStatus StatusOf(string value) => value.Trim().ToUpperInvariant() switch
    {
        "DRAFT" => DocumentStatus.Draft,
        "IN-REVIEW" or "IN REVIEW" or "REVIEW" => DocumentStatus.InReview,
        "FINAL" or "PUBLISHED" or "COMPLETE" or "DONE" => DocumentStatus.Final,
        _ => DocumentStatus.Unknown,
    };

    private DateTimeOffset? ParseInstant(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeValue.Match(value) is { Success: true } match && TextTools.TryParseDate(match.Groups[1].ValueSpan, match.Groups[2].ValueSpan, match.Groups[3].ValueSpan, out var date))
        {
            var time = match.Groups[4].Success && TextTools.TryParseTime(match.Groups[4].Value, out var parsed) ? parsed : TimeOnly.MinValue;
            var offset = TimeSpan.Zero;
            var zone = match.Groups[6].Value;
            if (zone.StartsWith('+') || zone.StartsWith('-'))
            {
                var digits = zone.Replace(":", "", StringComparison.Ordinal);
                var hours = int.Parse(digits[1..3], CultureInfo.InvariantCulture);
                var minutes = int.Parse(digits[3..5], CultureInfo.InvariantCulture);
                offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
            }

            return new DateTimeOffset(date.ToDateTime(time), offset).ToUniversalTime();
        }

        if (TimeValue.Match(value.Trim()) is { Success: true } timeOnly && IncidentDate is { } day && TextTools.TryParseTime(timeOnly.Groups[1].Value, out var bareTime))
        {
            return new DateTimeOffset(day.ToDateTime(bareTime), TimeSpan.Zero);
        }

        return null;
    }

    private string? FirstParagraph(SectionRole role)
    {
        var section = sections.FirstOrDefault(s => s.Role == role);
        if (section is null)
        {
            return null;
        }

        for (var i = section.Start; i < section.End; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Heading)
            {
                break;
            }

            if (block.Kind != BlockKind.Paragraph || block.Text.StartsWith("Incident metadata", StringComparison.OrdinalIgnoreCase)
                || ColonField.IsMatch(block.Text) || DocumentStatusLine.IsMatch(block.Text) || TextTools.WordCount(block.Text) < 3)
            {
                continue;
            }

            return block.Text;
        }

        return null;
    }
}
