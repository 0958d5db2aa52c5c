using System.Globalization;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Finds the actionables sections and turns their lists, tables or prose into items.</summary>
internal sealed partial class ActionablesExtractor(ExtractionContext context, IReadOnlyList<DocBlock> blocks, IReadOnlyList<Section> sections, ReferenceRules rules)
{
    private const double ListConfidence = 0.9;
    private const double ChecklistConfidence = 0.95;
    private const double SubItemConfidence = 0.8;
    private const double LineConfidence = 0.6;
    private const double ProseConfidence = 0.4;
    private const double ReviewThreshold = 0.7;

    private readonly List<ExtractedActionable?> _items = [];

    private sealed class ListNode(DocBlock block, string section, bool? groupDone)
    {
        public DocBlock Block { get; } = block;
        public string Section { get; } = section;
        public bool? GroupDone { get; } = groupDone;
        public List<ListNode> Children { get; } = [];
    }

    public List<ExtractedActionable> Extract()
    {
        var actionableSections = new List<Section>();
        var coveredUntil = -1;
        foreach (var section in sections)
        {
            if (section.Role == SectionRole.Actionables && section.HeadingIndex >= coveredUntil)
            {
                actionableSections.Add(section);
                coveredUntil = section.End;
            }
        }

        context.FoundActionablesSection = actionableSections.Count > 0;
        if (actionableSections.Count == 0)
        {
            context.Warn("no actionables section found (looked for Actionables, Action items, Follow-up, Remediation, Prevention measures, Next steps, TODO)");
        }

        foreach (var section in actionableSections)
        {
            var before = _items.Count;
            ExtractSection(section);
            if (_items.Count == before && !context.Warnings.Any(w => w.StartsWith($"section '{section.Name}'", StringComparison.Ordinal)))
            {
                var hasContent = Enumerable.Range(section.Start, section.End - section.Start)
                    .Any(i => blocks[i].Kind != BlockKind.Heading && blocks[i].Text.Length > 0);
                context.Warn(hasContent
                    ? $"section '{section.Name}' has no actionable items"
                    : $"section '{section.Name}' is empty");
            }
        }

        return _items.OfType<ExtractedActionable>().ToList();
    }

    private void ExtractSection(Section section)
    {
        var headingPath = new List<(int Level, string Text)>();
        var roots = new List<ListNode>();
        var tables = new List<(List<DocBlock> Rows, string Path, bool? GroupDone)>();
        var paragraphs = new List<(DocBlock Block, string Path, string? Group)>();
        var stack = new List<(int Depth, ListNode Node)>();
        var hasList = false;
        var tabTable = 0;
        var structuredPaths = new HashSet<string>(StringComparer.Ordinal);

        string Path() => headingPath.Count == 0 ? section.Name : section.Name + " / " + string.Join(" / ", headingPath.Select(h => h.Text));
        bool? GroupDone()
        {
            for (var i = headingPath.Count - 1; i >= 0; i--)
            {
                if (SectionNames.GroupDoneState(headingPath[i].Text) is { } state)
                {
                    return state;
                }
            }

            return SectionNames.GroupDoneState(section.Name);
        }

        for (var i = section.Start; i < section.End; i++)
        {
            var block = blocks[i];
            if (block.Kind != BlockKind.Paragraph || !block.RawLines.Any(l => l.Contains('\t', StringComparison.Ordinal)))
            {
                tabTable = 0;
            }

            switch (block.Kind)
            {
                case BlockKind.Heading:
                    while (headingPath.Count > 0 && headingPath[^1].Level >= block.Level)
                    {
                        headingPath.RemoveAt(headingPath.Count - 1);
                    }

                    headingPath.Add((block.Level, block.Text));
                    stack.Clear();
                    break;
                case BlockKind.ListItem:
                    hasList = true;
                    var listPath = Path();
                    structuredPaths.Add(listPath);
                    var node = new ListNode(block, listPath, GroupDone());
                    while (stack.Count > 0 && stack[^1].Depth >= block.Level && !(block.IsContinuation && stack[^1].Depth == block.Level))
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    if (stack.Count == 0)
                    {
                        if (block.IsContinuation && roots.Count > 0)
                        {
                            roots[^1].Children.Add(node);
                            continue;
                        }

                        roots.Add(node);
                    }
                    else
                    {
                        stack[^1].Node.Children.Add(node);
                    }

                    stack.Add((block.Level, node));
                    break;
                case BlockKind.TableRow:
                    structuredPaths.Add(Path());
                    if (tables.Count == 0 || tables[^1].Rows[0].TableId != block.TableId)
                    {
                        tables.Add(([], Path(), GroupDone()));
                    }

                    tables[^1].Rows.Add(block);
                    break;
                case BlockKind.Paragraph:
                    stack.Clear();
                    if (block.RawLines.Count > 0 && block.RawLines.All(l => l.Contains('\t', StringComparison.Ordinal)))
                    {
                        // Tab-separated lines are a pasted table; consecutive ones are one table.
                        if (tabTable == 0)
                        {
                            tabTable = -i - 1;
                            tables.Add(([], Path(), GroupDone()));
                        }

                        tables[^1].Rows.Add(block with
                        {
                            Kind = BlockKind.TableRow,
                            Cells = block.RawLines[0].Split('\t').Select(c => InlineText.Plain(c)).ToList(),
                            TableId = tabTable,
                        });
                    }
                    else
                    {
                        paragraphs.Add((block, Path(), headingPath.Count > 0 ? headingPath[^1].Text : null));
                    }

                    break;
            }
        }

        foreach (var group in roots.GroupBy(r => r.Section))
        {
            if (IsReportChecklist(group.ToList()))
            {
                context.Warn($"'{group.Key}' is a checklist for completing the report, not actionables; it was skipped");
                continue;
            }

            foreach (var root in group)
            {
                EmitNode(root, null, root.Section, 0);
            }
        }

        foreach (var (rows, path, groupDone) in tables)
        {
            EmitTable(rows, path, groupDone);
        }

        if (!hasList && tables.Count == 0)
        {
            EmitParagraphs(section, paragraphs);
        }
        else
        {
            // Issue 18, class 3: every sub-section is read. A sub-section of paragraphs beside others with lists
            // ("### Repo2docker" with one paragraph, "### Process" with a list) gives its paragraph items too;
            // paragraphs directly under the actionables heading stay a lead-in to its lists.
            EmitParagraphs(section, paragraphs.Where(p => p.Group is not null && !structuredPaths.Contains(p.Path)).ToList());
        }
    }

    private void EmitNode(ListNode node, int? parentOrdinal, string section, int depth)
    {
        var text = node.Block.Text;
        if ((ItemText.IsNoneMarker(text) || IsPlaceholder(text)) && node.Children.Count == 0)
        {
            return;
        }

        if (node.Children.Count > 0 && IsGroupingLabel(node) && depth < ExtractionContext.MaxListDepth)
        {
            var label = ItemText.Tidy(text).Text;
            foreach (var child in node.Children)
            {
                EmitNode(child, parentOrdinal, section + " / " + label, depth + 1);
            }

            return;
        }

        var slot = _items.Count;
        _items.Add(null);
        var folded = new List<DocBlock>();
        var separate = new List<ListNode>();
        CollectFolded(node, folded, separate, depth);

        var confidence = node.Block.Checked is not null ? ChecklistConfidence : parentOrdinal is null ? ListConfidence : SubItemConfidence;
        _items[slot] = BuildItem(slot + 1, node.Block, folded, section, node.GroupDone, confidence, parentOrdinal, null);

        foreach (var child in separate)
        {
            EmitNode(child, slot + 1, section, depth + 1);
        }
    }

    /// <summary>Sub-bullets fold into the description unless they are tasks of their own.</summary>
    private void CollectFolded(ListNode node, List<DocBlock> folded, List<ListNode> separate, int depth)
    {
        var pending = new Stack<(ListNode Node, int Depth)>();
        for (var i = node.Children.Count - 1; i >= 0; i--)
        {
            pending.Push((node.Children[i], depth + 1));
        }

        // A lone reference below an item is that item's ticket; once the item links a task of its own, a
        // reference-only sub-bullet can only be a further task.
        var parentLinksTask = node.Children.Count > 0 && ReferenceFinder.Find(node.Block.Text, node.Block.Urls(), rules).Any(r => r.IsTask);
        while (pending.Count > 0)
        {
            var (child, childDepth) = pending.Pop();
            if ((IsSeparateTask(child.Block) || parentLinksTask && IsReferenceOnly(child.Block)) && childDepth < ExtractionContext.MaxListDepth)
            {
                separate.Add(child);
                continue;
            }

            folded.Add(child.Block);
            for (var i = child.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((child.Children[i], childDepth + 1));
            }
        }
    }

    [GeneratedRegex(@"(\b(owner|assignee|assigned to|responsible)\s*[:=]|(^|\s)@[A-Za-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex OwnerHint { get; }

    /// <summary>
    /// A sub-bullet is a task of its own (product brief §3: own verb, owner or ticket; issue 18, class 6: own state) —
    /// an item that remembers its parent, which keeps its own done state — when it is a checklist entry, starts with
    /// its own verb ("Create dashboard for probe coverage"), is struck through, links a task, names an owner, or says
    /// it is done or open ("Turn actions back on. (Done as of 2021-06-30)").
    /// </summary>
    private bool IsSeparateTask(DocBlock block)
    {
        if (block.IsContinuation)
        {
            return false;
        }

        if (block.Checked is not null)
        {
            return true;
        }

        var text = block.Text;
        var words = TextTools.WordCount(text);
        if (words < 3)
        {
            return false;
        }

        // Cheapest test first: most sub-tasks start with their verb, and then no reference scan is needed.
        return ImperativeVerbs.StartsWithVerb(text) || block.Content.Struck
            || ReferenceFinder.Find(text, block.Urls(), rules).Any(r => r.IsTask) || OwnerHint.IsMatch(text)
            || ItemText.Clean(text).Done is not null;
    }

    /// <summary>
    /// An entry that is only a task reference ("#812", an issue URL, "T123456"): at the top of a list it is an item
    /// whose title is the reference (issue 18, class 5); below an item that links its own task it is one too.
    /// </summary>
    private bool IsReferenceOnly(DocBlock block) =>
        TextTools.WordCount(block.Text) == 1 && ReferenceFinder.Find(block.Text, block.Urls(), rules).Any(r => r.IsTask);

    private bool IsGroupingLabel(ListNode node)
    {
        var text = node.Block.Text.Trim();
        if (node.Block.Content.Bold || (text.EndsWith(':') && !IsTaskIntroducingDetails(text)))
        {
            return true;
        }

        // A short label whose children are all tasks of their own ("Monitoring" over two tickets) groups them; a
        // short task ("Improve alerting") over its sub-tasks stays a task.
        return TextTools.WordCount(text) <= 3 && !ImperativeVerbs.StartsWithVerb(text) && node.Children.Count >= 2
               && node.Children.All(c => IsSeparateTask(c.Block));
    }

    /// <summary>
    /// An entry that states a task and then introduces its details ("Improve alerting via Datadog. We will add alerts
    /// on:") is a task, not a grouping label: a label is one phrase ("In the future when dealing with …:").
    /// </summary>
    private static bool IsTaskIntroducingDetails(string text) => ItemText.Sentences(text).Count >= 2;

    /// <summary>Short bare task numbers left out (ReferenceFinder says why) are named so a reviewer can link them.</summary>
    private void WarnAmbiguous(int ordinal, List<string> ambiguous)
    {
        if (ambiguous.Count > 0)
        {
            context.Warn($"item {ordinal}: {string.Join(", ", ambiguous.Distinct(StringComparer.Ordinal))} not taken as a task reference " +
                         $"(a bare task number under {ReferenceFinder.ShortTaskNumberLimit} needs \"task\" before it, e.g. \"task {ambiguous[0]}\")");
        }
    }

    /// <summary>
    /// A bare <c>#12</c> with no repository to resolve it against (ReferenceRules.BareIssue) is kept as written, and
    /// named so a reviewer can say which repository it means.
    /// </summary>
    private void WarnUnresolved(int ordinal, IReadOnlyList<TaskReference> references)
    {
        var unresolved = references.Where(r => r.Kind == TaskReferenceKind.GitHubIssue && r.Url is null).Select(r => r.Key).ToList();
        if (unresolved.Count > 0)
        {
            context.Warn($"item {ordinal}: {string.Join(", ", unresolved)} is not resolved to a GitHub repository " +
                         "(the source is not on GitHub; pass --repo owner/name)");
        }
    }

    private ExtractedActionable BuildItem(int ordinal, DocBlock block, IReadOnlyList<DocBlock> folded, string section, bool? groupDone,
        double confidence, int? parentOrdinal, string? titleOverride)
    {
        var cleaned = ItemText.Clean(titleOverride ?? block.Text);
        var descriptionLines = folded.Select(f => ItemText.Tidy(f.Text).Text).Where(t => t.Length > 0).ToList();
        if (cleaned.Truncated)
        {
            descriptionLines.Insert(0, cleaned.FullText);
        }

        var allText = string.Join(' ', new[] { block.Text }.Concat(folded.Select(f => f.Text)));
        var ambiguous = new List<string>();
        var references = ReferenceFinder.Find(allText, block.Urls().Concat(folded.SelectMany(f => f.Urls())), rules, ambiguous);
        WarnAmbiguous(ordinal, ambiguous);
        WarnUnresolved(ordinal, references);

        var done = block.Content.Struck ? true : block.Checked ?? cleaned.Done ?? groupDone;
        var question = ItemText.IsQuestion(cleaned.Title);
        if (cleaned.Dangling)
        {
            context.Warn($"item {ordinal} had punctuation left dangling by a removed link; it was trimmed");
        }

        if (cleaned.Title.Length == 0)
        {
            context.Warn($"item {ordinal} has no text after markup was removed");
        }

        return new ExtractedActionable
        {
            Ordinal = ordinal,
            Title = cleaned.Title,
            Description = descriptionLines.Count == 0 ? null : string.Join('\n', descriptionLines),
            Section = section,
            References = references,
            Done = done,
            Owner = cleaned.Owner,
            Due = cleaned.Due,
            DueDate = ParseDate(cleaned.Due),
            Confidence = confidence,
            NeedsReview = question || confidence < ReviewThreshold || cleaned.Truncated || cleaned.Title.Length == 0,
            ParentOrdinal = parentOrdinal,
        };
    }

    private enum Column
    {
        Other,
        Title,
        Ticket,
        Owner,
        Status,
        Due,
        Ambiguous,
    }

    [GeneratedRegex(@"^(actionables?|action items?|actions?|items?|descriptions?|titles?|what|summary|remediation|follow[- ]?ups?|todo|name|task description|tasks? title|details|recommendations?|to do)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TitleColumn { get; }
    [GeneratedRegex(@"^(tickets?|phab(ricator)?( tasks?)?|bugs?|links?|jira|tracking|references?|refs?|gh issues?|github|id|task (id|link)|issue (id|link)|url|tracker)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TicketColumn { get; }
    [GeneratedRegex(@"^(tasks?|issues?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex AmbiguousColumn { get; }
    [GeneratedRegex(@"^(owners?|assignees?|assigned to|who|responsible|dri|person|team/owner|owner/team)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex OwnerColumn { get; }
    [GeneratedRegex(@"^(status|state|done|progress|completed?|resolution)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex StatusColumn { get; }
    [GeneratedRegex(@"^(due|due date|deadline|eta|target( date)?|when|by when|target quarter)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DueColumn { get; }
    [GeneratedRegex(@"^(done|resolved|completed?|fixed|closed|finished|merged|deployed|yes|y|✅|✔️?|☑|✓|x)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DoneStatus { get; }
    [GeneratedRegex(@"^(open|todo|to do|in progress|wip|not started|pending|stalled|blocked|planned|new|no|n|ongoing|backlog|triage|needs triage|assigned|❌|☐)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex OpenStatus { get; }
    [GeneratedRegex(@"^(|-+|—|–|tbd|n/?a|\?+|none|unassigned|nobody)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex EmptyCell { get; }

    private static Column Classify(string header)
    {
        var key = TextTools.HeadingKey(header);
        if (TitleColumn.IsMatch(key))
        {
            return Column.Title;
        }

        if (AmbiguousColumn.IsMatch(key))
        {
            return Column.Ambiguous;
        }

        if (TicketColumn.IsMatch(key))
        {
            return Column.Ticket;
        }

        if (OwnerColumn.IsMatch(key))
        {
            return Column.Owner;
        }

        if (StatusColumn.IsMatch(key))
        {
            return Column.Status;
        }

        return DueColumn.IsMatch(key) ? Column.Due : Column.Other;
    }

    private void EmitTable(List<DocBlock> rows, string section, bool? groupDone)
    {
        var header = rows[0];
        var headerKinds = header.Cells.Select(c => Classify(c.Text)).ToList();
        var hasHeader = header.IsHeaderRow || headerKinds.Any(k => k != Column.Other) && header.Cells.All(c => TextTools.WordCount(c.Text) <= 4);
        var dataRows = hasHeader ? rows.Skip(1).ToList() : rows;
        var width = dataRows.Count == 0 ? 0 : dataRows.Max(r => r.Cells.Count);
        var kinds = Enumerable.Range(0, width).Select(i => hasHeader && i < headerKinds.Count ? headerKinds[i] : Column.Other).ToList();

        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == Column.Ambiguous)
            {
                // A "Task" column is the ticket when its cells are mostly bare references.
                var mostlyRefs = dataRows.Count(r => i < r.Cells.Count && TextTools.WordCount(r.Cells[i].Text) <= 3
                    && ReferenceFinder.Find(r.Cells[i].Text, r.Cells[i].Urls, rules, taskField: true).Count > 0) * 2 >= dataRows.Count;
                kinds[i] = mostlyRefs ? Column.Ticket : Column.Title;
            }
        }

        var titleColumn = kinds.IndexOf(Column.Title);
        if (titleColumn < 0)
        {
            // Without a named title column the widest free-text column holds the item.
            var best = -1;
            var bestLength = -1.0;
            for (var i = 0; i < width; i++)
            {
                if (kinds[i] != Column.Other)
                {
                    continue;
                }

                var average = dataRows.Average(r => i < r.Cells.Count ? r.Cells[i].Text.Length : 0);
                if (average > bestLength)
                {
                    bestLength = average;
                    best = i;
                }
            }

            titleColumn = best;
        }

        if (titleColumn < 0)
        {
            return;
        }

        string? Cell(DocBlock row, Column kind)
        {
            var index = kinds.IndexOf(kind);
            if (index < 0 || index >= row.Cells.Count)
            {
                return null;
            }

            var text = row.Cells[index].Text.Trim();
            return EmptyCell.IsMatch(text) ? null : text;
        }

        foreach (var row in dataRows)
        {
            if (row.Cells.Count <= titleColumn || row.Cells.All(c => c.Text.Length == 0))
            {
                continue;
            }

            var titleCell = row.Cells[titleColumn];
            var titleText = titleCell.Text;
            if (titleText.Length == 0)
            {
                titleText = Cell(row, Column.Ticket) ?? "";
            }

            if (titleText.Length == 0 || ItemText.IsNoneMarker(titleText))
            {
                continue;
            }

            var status = Cell(row, Column.Status);
            bool? statusDone = status is null ? null : DoneStatus.IsMatch(status) ? true : OpenStatus.IsMatch(status) ? false : null;
            var ordinal = _items.Count + 1;
            var rowBlock = row with { Content = titleCell with { Text = titleText, Urls = row.Cells.SelectMany(c => c.Urls).ToList() } };
            var item = BuildItem(ordinal, rowBlock, [], section, groupDone, ListConfidence, null, null);
            // A ticket cell holds a task, so a short number there is clear; the other cells are running text.
            var ambiguous = new List<string>();
            var ticket = Cell(row, Column.Ticket);
            var references = ReferenceFinder.Find(string.Join(' ', row.Cells.Select(c => c.Text)), row.Cells.SelectMany(c => c.Urls), rules, ambiguous)
                .Concat(ticket is null ? [] : ReferenceFinder.Find(ticket, [], rules, taskField: true))
                .DistinctBy(r => (r.Kind, r.Key.ToUpperInvariant())).ToList();
            ambiguous.RemoveAll(written => references.Any(r => r.RawText == written));
            WarnAmbiguous(ordinal, ambiguous);
            WarnUnresolved(ordinal, references);
            var due = Cell(row, Column.Due) ?? item.Due;
            _items.Add(item with
            {
                References = references,
                Owner = Cell(row, Column.Owner) ?? item.Owner,
                Status = status,
                Due = due,
                DueDate = ParseDate(due),
                Done = titleCell.Struck ? true : statusDone ?? item.Done,
            });
        }
    }

    /// <summary>A paragraph short enough to be one item as written: at most two sentences and forty words.</summary>
    private static bool IsShortParagraphItem(string text, int sentences) => sentences <= 2 && TextTools.WordCount(text) <= 40;

    private void EmitParagraphs(Section section, List<(DocBlock Block, string Path, string? Group)> paragraphs)
    {
        var usable = paragraphs.Where(p => !ItemText.IsNoneMarker(p.Block.Text) && !IsPlaceholder(p.Block.Text)).ToList();
        if (usable.Count == 0)
        {
            if (paragraphs.Count > 0)
            {
                context.Warn($"section '{section.Name}' says '{ItemText.Tidy(paragraphs[0].Block.Text).Text}': no items");
            }

            return;
        }

        var hasGroups = usable.Any(p => p.Group is not null);
        if (hasGroups)
        {
            // Prevention prose under sub-headings: one recommendation per sub-heading.
            foreach (var group in usable.GroupBy(p => p.Path))
            {
                var sentences = group.SelectMany(p => ItemText.Sentences(p.Block.Text)).ToList();
                var best = Recommendation.Best(sentences);
                if (best is not null)
                {
                    AddProseItem(best, group.Key, group.SelectMany(p => p.Block.Urls()).ToList());
                }
                else if (group.Count() == 1 && IsShortParagraphItem(group.First().Block.Text, sentences.Count))
                {
                    // No recommendation wording, but the sub-section is one short statement of work
                    // ("Limit memory available to build pods."): that statement is the item.
                    var block = group.First().Block;
                    _items.Add(BuildItem(_items.Count + 1, block, [], group.Key, null, LineConfidence, null, null));
                }
            }

            return;
        }

        // A section of several prose paragraphs where some commit the team to work ("We will be introducing rate
        // limiting …") is prose around those commitments: a paragraph in it that commits to nothing ("If you feel that
        // a policy is problematic, the correct place to propose a change …") is commentary, not an item.
        var proseWithCommitments = usable.Count > 1
            && usable.Any(p => !IsOneItemPerLine(p.Block) && Recommendation.CommitsTheTeam(p.Block.Text));
        foreach (var (block, path, _) in usable)
        {
            if (block.Text.EndsWith(':'))
            {
                continue;
            }

            var lines = IsOneItemPerLine(block) ? block.RawLines.ToList() : [block.Text];
            foreach (var line in lines)
            {
                var text = lines.Count == 1 ? block.Text : RenderedTextReader.ParseInline(line).Text;
                if (ItemText.IsNoneMarker(text) || IsPlaceholder(text))
                {
                    continue;
                }

                if (proseWithCommitments && lines.Count == 1 && !Recommendation.CommitsTheTeam(text))
                {
                    continue;
                }

                var sentences = ItemText.Sentences(text);
                if (IsShortParagraphItem(text, sentences.Count))
                {
                    var ordinal = _items.Count + 1;
                    _items.Add(BuildItem(ordinal, block with { Content = block.Content with { Text = text } }, [], path, null, LineConfidence, null, null));
                }
                else if (Recommendation.Best(sentences) is { } best)
                {
                    AddProseItem(best, path, block.Urls().ToList());
                }
            }
        }
    }

    /// <summary>
    /// A paragraph gives one item per line when its lines are short (a rendered list that lost its markers) or each
    /// is a complete sentence (a recommendation per line, issue 18 class 4); a hard-wrapped paragraph's lines end
    /// mid-sentence, so it stays one item.
    /// </summary>
    private static bool IsOneItemPerLine(DocBlock block) =>
        block.RawLines.Count > 1
        && !IsHardWrapped(block.RawLines)
        && (block.RawLines.All(l => TextTools.WordCount(l) <= 30) || block.RawLines.All(l => l.TrimEnd().EndsWith('.') || l.TrimEnd().EndsWith('!')));

    /// <summary>A line that ends without closing punctuation and is continued in lower case on the next line was wrapped.</summary>
    private static bool IsHardWrapped(IReadOnlyList<string> lines)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            var end = lines[i].TrimEnd();
            var next = lines[i + 1].TrimStart();
            if (end.Length > 0 && end[^1] is not ('.' or '!' or '?' or ':' or ';') && next.Length > 0 && char.IsLower(next[0]))
            {
                return true;
            }
        }

        return false;
    }

    private void AddProseItem(string sentence, string path, IReadOnlyList<string> urls)
    {
        var title = Recommendation.ToTitle(sentence);
        if (title.Length == 0)
        {
            return;
        }

        var ordinal = _items.Count + 1;
        var block = DocBlock.Paragraph(new InlineText(title, urls, false, false), [sentence]);
        var item = BuildItem(ordinal, block, [], path, null, ProseConfidence, null, null);
        _items.Add(item with { Description = sentence, NeedsReview = true });
    }

    [GeneratedRegex(@"^\[?\s*(to be continued|tbc|more to come|work in progress|draft|placeholder|fill (this )?in|to be written)\s*\]?\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Placeholder { get; }

    /// <summary>
    /// A template variable left unfilled ("{{ summary }}", "{{ owner }} [link to github issue]"): one or two words
    /// inside the braces, at most a bracketed hint after them. A filled-in "{{ Start writing reports }}" is longer.
    /// </summary>
    [GeneratedRegex(@"^\{\{ ?[\w.-]{1,30}( [\w.-]{1,30})? ?\}\}( ?\[[^\[\]]{0,60}\])?\.?$", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TemplateVariable { get; }

    private static bool IsPlaceholder(string text) => Placeholder.IsMatch(text.Trim()) || TemplateVariable.IsMatch(text.Trim());

    /// <summary>The subject of a report-completion entry: the incident or the report itself.</summary>
    [GeneratedRegex(@"^(the )?(incident|sections?|report|after-action report|incident report|post-?mortem|retrospective|all (actionable|action) items)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex ReportChecklistSubject { get; }

    /// <summary>A report-completion entry states a condition ("is over", "are filled out") where a task has a verb to do.</summary>
    [GeneratedRegex(@"\b(is|are|has been|have been|have)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex StateVerb { get; }

    /// <summary>
    /// A list whose every entry states that the incident or the report is complete ("Incident has been dealt with",
    /// "Sections above are filled out") is the template's checklist for finishing the report, not remediation work.
    /// </summary>
    private static bool IsReportChecklist(IReadOnlyList<ListNode> roots) =>
        roots.Count >= 2 && roots.All(r => ReportChecklistSubject.IsMatch(r.Block.Text.TrimStart()) && StateVerb.IsMatch(r.Block.Text));

    private static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy/MM/dd", "d MMMM yyyy", "MMMM d, yyyy", "d MMM yyyy", "MMM d, yyyy", "yyyy-MM"];
        return DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }
}

internal static partial class DocBlockExtensions
{
    public static IReadOnlyList<string> Urls(this DocBlock block) => block.Content.Urls;
}
