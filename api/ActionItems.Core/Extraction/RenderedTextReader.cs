using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Reads a wiki page rendered to text or Markdown-ish text: headings are often bare lines, bullets are
/// "•" or "-", and the article sits between site navigation and a footer, which are dropped.
/// </summary>
internal sealed partial class RenderedTextReader(ExtractionContext context)
{
    /// <summary>A sub-heading that sorts actionables is a name of a few words ("Upstream KubeSpawner").</summary>
    private const int MaxGroupLabelWords = 3;

    // TrimEnd's params array, made once: written inline it is a new array per line of the page.
    private static readonly char[] LineEndSpacing = ['\r', ' ', '\u00a0'];

    [GeneratedRegex(@"^([ \t\u00a0]*)([•*+·▪◦‣○●■–-]|[0-9]{1,3}[.)])(?>[ \t\u00a0]+)(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Bullet { get; }
    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex PipeTableSeparator { get; }
    [GeneratedRegex(@"\s*\[\s*(edit|edit source)\s*\]\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex EditLink { get; }
    [GeneratedRegex(@"^[0-9]{1,2}(\.[0-9]{1,2})*\.?\s+\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TocEntry { get; }
    [GeneratedRegex(@"^(jump to (content|navigation|search)|from wikitech|from wikipedia.*|navigation menu|personal tools|main menu|" +
        @"move to sidebar|hide|toggle the table of contents|search|views|namespaces|tools|actions|general|print/export|" +
        @"in other projects|variants|more|read|edit|view history|view source|page|discussion|talk|log in|create account)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex NoiseLine { get; }
    [GeneratedRegex(@"^(this page was last (edited|modified)|retrieved from|categories?:|privacy policy|text is available under|" +
        @"content is available under)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex FooterLine { get; }

    private readonly List<DocBlock> _blocks = [];
    private readonly List<string> _paragraph = [];
    private readonly List<int> _indentStack = [];
    private int _tableCount;
    private int _currentTable;
    // The level of the actionables heading the text is in, int.MaxValue outside one.
    private int _actionablesLevel = int.MaxValue;

    public List<DocBlock> Read(string text)
    {
        var lines = text.Split('\n');
        var first = FindArticleStart(lines);
        var inContents = false;
        // Entries of the contents list being read; only whether there were any matters, counted from each contents marker.
        var contentsEntries = 0;
        // A documentation site's "On this page" lists bare section names, one a line with no blank line between
        // them; such a list ends at its first blank line or other line (a wiki's contents are numbered or bulleted).
        var contentsByName = false;
        var previousBlank = false;
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd(LineEndSpacing);
            var trimmed = line.Trim().Trim('\u00a0');
            if (trimmed.Length == 0)
            {
                FlushParagraph();
                _currentTable = 0;
                previousBlank = true;
                continue;
            }

            var afterBlank = previousBlank;
            previousBlank = false;

            if (FooterLine.IsMatch(trimmed))
            {
                break;
            }

            var bullet = Bullet.Match(line);
            if (inContents)
            {
                if (!contentsByName && (bullet.Success || TocEntry.IsMatch(trimmed)))
                {
                    contentsEntries++;
                    continue;
                }

                if (!afterBlank && SectionNames.IsStandaloneHeading(trimmed) && (contentsByName || contentsEntries == 0))
                {
                    contentsByName = true;
                    contentsEntries++;
                    continue;
                }

                inContents = false;
                contentsByName = false;
            }

            if (NoiseLine.IsMatch(trimmed) || IsNavigationLine(trimmed))
            {
                continue;
            }

            if (IsContentsMarker(trimmed))
            {
                FlushParagraph();
                inContents = true;
                contentsEntries = 0;
                continue;
            }

            if (TextTools.TryReadMarkdownHeading(trimmed, out var markdownLevel, out var markdownText))
            {
                AddHeading(markdownLevel, markdownText, HeadingOrigin.Markup);
                continue;
            }

            if (TextTools.TryReadWikiHeading(trimmed, out var wikiLevel, out var wikiText))
            {
                AddHeading(wikiLevel, wikiText, HeadingOrigin.Markup);
                continue;
            }

            if (trimmed.StartsWith('|'))
            {
                AddPipeTableLine(trimmed);
                continue;
            }

            if (bullet.Success)
            {
                AddListItem(bullet);
                continue;
            }

            if (line.Contains('\t', StringComparison.Ordinal))
            {
                FlushParagraph();
                _blocks.Add(DocBlock.Paragraph(ParseInline(line), [line]));
                continue;
            }

            var withoutEdit = EditLink.Replace(trimmed, "");
            if (SectionNames.IsStandaloneHeading(withoutEdit))
            {
                AddHeading(2, withoutEdit, HeadingOrigin.Inferred);
                continue;
            }

            if (SectionNames.IsStandaloneItemGroup(withoutEdit))
            {
                AddHeading(3, withoutEdit, HeadingOrigin.Inferred);
                continue;
            }

            if (PageTitle.IsPageTitle(trimmed) && _blocks.Count < 5)
            {
                AddHeading(1, trimmed, HeadingOrigin.PageTitle);
                continue;
            }

            var (isChecked, rest) = ChecklistMarker.Split(trimmed);
            if (isChecked is not null && rest.Length > 0)
            {
                FlushParagraph();
                _indentStack.Clear();
                _blocks.Add(new DocBlock { Kind = BlockKind.ListItem, Level = 1, Content = ParseInline(rest), RawLines = [line], Checked = isChecked });
                continue;
            }

            if ((i + 1 == lines.Length || lines[i + 1].Trim().Trim('\u00a0').Length == 0) && IsForwardSectionNameLine(trimmed))
            {
                AddHeading(2, trimmed, HeadingOrigin.Inferred);
                continue;
            }

            _indentStack.Clear();
            _paragraph.Add(trimmed);
        }

        FlushParagraph();
        return _blocks;
    }

    /// <summary>The line that opens a table of contents: a wiki's "Contents [hide]", a documentation site's "On this page".</summary>
    private static bool IsContentsMarker(string line) =>
        (HasAtMostLetters(line, LongestContentsKey) && TextTools.HeadingKey(line) is "contents" or "on this page" or "table of contents" or "in this article")
        || line.StartsWith("Contents [", StringComparison.Ordinal);

    /// <summary>The length of the longest key <see cref="IsContentsMarker"/> accepts, "table of contents".</summary>
    private const int LongestContentsKey = 17;

    /// <summary>
    /// Whether the line has at most <paramref name="limit"/> letters. <see cref="TextTools.HeadingKey"/> drops only
    /// spacing, punctuation and a leading section number, so every letter of a line stays in its key: a line with
    /// more letters than the longest contents phrase cannot be one, and most lines are told so here, without
    /// building the key (the reader asks this for every line of the page).
    /// </summary>
    private static bool HasAtMostLetters(string line, int limit)
    {
        var letters = 0;
        foreach (var c in line)
        {
            if (char.IsLetter(c) && ++letters > limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the article begins: at the page title line when the page has one, else at the top.</summary>
    private static int FindArticleStart(string[] lines)
    {
        var limit = Math.Min(lines.Length, 60);
        for (var i = 0; i < limit; i++)
        {
            if (PageTitle.IsPageTitle(lines[i].Trim()))
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>A line made only of links to page anchors is site navigation or a breadcrumb.</summary>
    private static bool IsNavigationLine(string line)
    {
        if (!line.StartsWith('['))
        {
            return false;
        }

        var parsed = ParseInline(line);
        var withoutLinks = line;
        var linkCount = 0;
        var position = 0;
        while (position < withoutLinks.Length)
        {
            var open = withoutLinks.IndexOf("](", position, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            linkCount++;
            position = open + 2;
        }

        var residue = Residue(line);
        return linkCount > 0 && residue.Length == 0 && parsed.Urls.All(u => u.StartsWith('#') || !u.Contains("://", StringComparison.Ordinal));
    }

    /// <summary>What is left of a line once every [text](url) is removed.</summary>
    private static string Residue(string line)
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] == '[')
            {
                var close = TextTools.IndexWithin(line, "](", i, 1000);
                var end = close < 0 ? -1 : TextTools.IndexWithin(line, ")", close + 2, 2000);
                if (close > 0 && end > 0)
                {
                    i = end + 1;
                    continue;
                }
            }

            builder.Append(line[i]);
            i++;
        }

        return builder.ToString().Trim();
    }

    private void AddHeading(int level, string text, HeadingOrigin origin)
    {
        FlushParagraph();
        _indentStack.Clear();
        var heading = DocBlock.Heading(level, ParseInline(EditLink.Replace(text, "")), origin);
        _blocks.Add(heading);
        if (SectionNames.Classify(heading.Text) == SectionRole.Actionables)
        {
            _actionablesLevel = level;
        }
        else if (level <= _actionablesLevel)
        {
            _actionablesLevel = int.MaxValue;
        }
    }

    /// <summary>
    /// A line followed by a blank line that names a forward-looking section outside the fixed names ("Future measures",
    /// "What we're changing"): a heading whose markup the text rendering lost (issue 18, class 8); a browser leaves a
    /// blank line below a heading, none below a list entry. It starts with a capital letter, has no closing
    /// punctuation and no imperative verb first, so a timeline entry, a sentence or a task ("Improve monitoring", the
    /// last entry of a list) is never taken for one.
    /// </summary>
    internal static bool IsForwardSectionNameLine(string line)
    {
        var text = line.Trim();
        return text.Length > 0
            && char.IsUpper(text[0])
            && text[^1] is not ('.' or '!' or '?' or ';' or ',' or ':')
            && !ImperativeVerbs.StartsWithVerb(text)
            && SectionNames.Classify(text) == SectionRole.Actionables;
    }

    /// <summary>
    /// A line of a browser's text rendering that was a sub-heading inside an actionables section ("Process", "Upstream
    /// KubeSpawner", "Monitoring:"): at most three words, each capitalised (a short task is a sentence: "Shard the
    /// broker"), no closing punctuation but a colon, no digits, not a task (no imperative verb first), and with the
    /// section's entries on the lines below it.
    /// </summary>
    internal static bool IsGroupLabelLine(string line)
    {
        var text = line.Trim().TrimEnd(':').TrimEnd();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= MaxGroupLabelWords
            && words.All(w => char.IsUpper(w[0]))
            && text[^1] is not ('.' or '!' or '?' or ';' or ',' or ')')
            && !text.Any(char.IsDigit)
            && !ImperativeVerbs.StartsWithVerb(text);
    }

    private void AddListItem(Match bullet)
    {
        FlushParagraph();
        var indent = bullet.Groups[1].Value.Replace("\t", "    ", StringComparison.Ordinal).Length;
        while (_indentStack.Count > 0 && _indentStack[^1] > indent)
        {
            _indentStack.RemoveAt(_indentStack.Count - 1);
        }

        if (_indentStack.Count == 0 || _indentStack[^1] < indent)
        {
            _indentStack.Add(indent);
        }

        var body = bullet.Groups[3].Value.Trim();
        var inline = ParseInline(body);
        if (TocEntry.IsMatch(inline.Text) && inline.Urls.Count > 0 && inline.Urls.All(u => u.StartsWith('#')) && Residue(body).Length == 0)
        {
            return;
        }

        var (isChecked, rest) = ChecklistMarker.Split(body);
        _blocks.Add(new DocBlock
        {
            Kind = BlockKind.ListItem,
            Level = context.ClampDepth(_indentStack.Count),
            Content = isChecked is null ? inline : ParseInline(rest),
            RawLines = [bullet.Value],
            Ordered = char.IsDigit(bullet.Groups[2].Value[0]),
            Checked = isChecked,
        });
    }

    private void AddPipeTableLine(string line)
    {
        FlushParagraph();
        if (PipeTableSeparator.IsMatch(line))
        {
            if (_blocks.Count > 0 && _blocks[^1].Kind == BlockKind.TableRow)
            {
                _blocks[^1] = _blocks[^1] with { IsHeaderRow = true };
            }

            return;
        }

        if (_currentTable == 0)
        {
            _currentTable = ++_tableCount;
        }

        var inner = line.Trim().Trim('|');
        var cells = inner.Split('|').Select(c => ParseInline(c.Trim())).ToList();
        _blocks.Add(new DocBlock
        {
            Kind = BlockKind.TableRow,
            Content = InlineText.Plain(string.Join(" | ", cells.Select(c => c.Text))),
            Cells = cells,
            TableId = _currentTable,
            RawLines = [line],
        });
    }

    private void FlushParagraph()
    {
        if (_paragraph.Count == 0)
        {
            return;
        }

        if (_actionablesLevel != int.MaxValue && _paragraph.Count > 1 && _paragraph.SkipLast(1).Any(IsGroupLabelLine))
        {
            SplitAtGroupLabels();
            return;
        }

        var content = ParseInline(string.Join('\n', _paragraph));
        if (_paragraph.Count == 1 && content.Bold && content.Text.Length is > 0 and < 100)
        {
            _blocks.Add(DocBlock.Heading(7, content, HeadingOrigin.BoldLine));
        }
        else
        {
            _blocks.Add(DocBlock.Paragraph(content, [.. _paragraph]));
        }

        _paragraph.Clear();
    }

    /// <summary>
    /// Lines of an actionables section whose list markup was lost: each group label line that has entries below it
    /// becomes a sub-heading one level below the section and the lines below it its list entries; lines before the
    /// first label stay a paragraph.
    /// </summary>
    private void SplitAtGroupLabels()
    {
        var lines = _paragraph.ToList();
        var subLevel = Math.Min(_actionablesLevel + 1, 6);
        _paragraph.Clear();
        var underLabel = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i < lines.Count - 1 && IsGroupLabelLine(lines[i]))
            {
                FlushParagraph();
                _blocks.Add(DocBlock.Heading(subLevel, ParseInline(lines[i]), HeadingOrigin.GroupLabel));
                underLabel = true;
                continue;
            }

            if (underLabel)
            {
                // The entries of a list whose markers the rendering dropped: one list item a line.
                _blocks.Add(new DocBlock { Kind = BlockKind.ListItem, Level = 1, Content = ParseInline(lines[i]), RawLines = [lines[i]] });
                continue;
            }

            _paragraph.Add(lines[i]);
        }

        FlushParagraph();
    }

    /// <summary>The characters that start markup in <see cref="ParseInline"/>; a link also needs "://".</summary>
    private static readonly SearchValues<char> InlineMarkupStarts = SearchValues.Create("\\*_~[<`");

    /// <summary>Every character a branch of <see cref="ParseInline"/> looks at (\ * _ ~ [ &lt; ` h H); any other is plain text.</summary>
    private static readonly SearchValues<char> InlineSpecials = SearchValues.Create("\\*_~[<`hH");

    /// <summary>Markdown-ish inline text: [label](url), &lt;url&gt;, **bold**, ~~struck~~, &lt;s&gt;, backslash escapes.</summary>
    public static InlineText ParseInline(string text)
    {
        if (TextTools.AsPlainLine(text, InlineMarkupStarts) is { } plainLine)
        {
            return plainLine;
        }

        var builder = new InlineBuilder();
        // Sized for the whole line: a builder that grew by chunks copies itself into one array on every Clear (the
        // flushes below), which showed as a few per cent of the extraction in a profile.
        var plain = new StringBuilder(text.Length);
        var bold = false;
        var struck = 0;
        var i = 0;

        void Flush()
        {
            if (plain.Length > 0)
            {
                builder.Append(TextTools.DecodeEntities(plain.ToString()), struck > 0, bold);
                plain.Clear();
            }
        }

        while (i < text.Length)
        {
            var ordinary = TextTools.AppendOrdinaryRun(plain, text, i, InlineSpecials);
            if (ordinary > 0)
            {
                i += ordinary;
                continue;
            }

            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && char.IsPunctuation(text[i + 1]) || c == '\\' && i + 1 < text.Length && char.IsSymbol(text[i + 1]))
            {
                plain.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*' || c == '_' && i + 1 < text.Length && text[i + 1] == '_')
            {
                Flush();
                bold = !bold;
                i += 2;
                continue;
            }

            if (c == '~' && i + 1 < text.Length && text[i + 1] == '~')
            {
                Flush();
                struck = struck > 0 ? 0 : 1;
                i += 2;
                continue;
            }

            if (c == '[')
            {
                var labelEnd = FindLabelEnd(text, i);
                if (labelEnd > 0 && labelEnd + 1 < text.Length && text[labelEnd + 1] == '(')
                {
                    var urlEnd = TextTools.IndexWithin(text, ")", labelEnd + 2, 2000);
                    if (urlEnd > 0 && urlEnd - labelEnd < 2000)
                    {
                        Flush();
                        var url = text[(labelEnd + 2)..urlEnd].Trim();
                        var space = url.IndexOf(' ', StringComparison.Ordinal);
                        builder.AddUrl(space > 0 ? url[..space] : url);
                        var label = text[(i + 1)..labelEnd];
                        builder.Append(Unescape(label), struck > 0, bold);
                        i = urlEnd + 1;
                        continue;
                    }
                }
            }

            if (c == '<')
            {
                var close = TextTools.IndexWithin(text, ">", i + 1, 300);
                if (close > 0 && close - i < 300)
                {
                    var tag = text[(i + 1)..close].Trim();
                    if (tag.Contains("://", StringComparison.Ordinal) && !tag.Contains(' ', StringComparison.Ordinal))
                    {
                        Flush();
                        builder.AddUrl(tag);
                        builder.Append(tag, struck > 0, bold);
                        i = close + 1;
                        continue;
                    }

                    var name = tag.TrimStart('/').Split(' ', '/')[0].ToUpperInvariant();
                    if (name is "S" or "DEL" or "STRIKE" or "B" or "STRONG" or "BR" or "SPAN" or "CODE" or "I" or "EM" or "SUP" or "SUB" or "U")
                    {
                        Flush();
                        if (name is "S" or "DEL" or "STRIKE")
                        {
                            struck = tag.StartsWith('/') ? Math.Max(0, struck - 1) : struck + 1;
                        }
                        else if (name is "B" or "STRONG")
                        {
                            bold = !tag.StartsWith('/');
                        }
                        else if (name == "BR")
                        {
                            plain.Append(' ');
                        }

                        i = close + 1;
                        continue;
                    }
                }
            }

            if (c == '`')
            {
                i++;
                continue;
            }

            if (c is 'h' or 'H' && (string.Compare(text, i, "http://", 0, 7, StringComparison.OrdinalIgnoreCase) == 0
                || string.Compare(text, i, "https://", 0, 8, StringComparison.OrdinalIgnoreCase) == 0))
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or ')' or ']'))
                {
                    end++;
                }

                builder.AddUrl(text[i..end].TrimEnd('.', ',', ';'));
            }

            plain.Append(c);
            i++;
        }

        Flush();
        return builder.Build();
    }

    private static int FindLabelEnd(string text, int open)
    {
        var depth = 0;
        var limit = Math.Min(text.Length, open + 1000);
        for (var i = open; i < limit; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']')
            {
                depth--;
                if (depth == 0)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static string Unescape(string label)
    {
        var builder = new StringBuilder(label.Length);
        for (var i = 0; i < label.Length; i++)
        {
            if (label[i] == '\\' && i + 1 < label.Length)
            {
                i++;
            }

            builder.Append(label[i]);
        }

        return builder.ToString().Replace("**", "", StringComparison.Ordinal).Replace("~~", "", StringComparison.Ordinal);
    }
}

internal static partial class PageTitle
{
    [GeneratedRegex(@"^(incidents?|incident documentation|incident reports?|post-?mortems?|incident response/reports?)/[^\s/].{0,150}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex IncidentPageTitle { get; }

    public static bool IsPageTitle(string line) => IsPageTitle(line.AsSpan());

    public static bool IsPageTitle(ReadOnlySpan<char> line) =>
        line.Length is > 0 and < 200 && (line[0] is 'i' or 'I' or 'p' or 'P' || line[0] > 127) && line.Contains('/') && IncidentPageTitle.IsMatch(line);

    /// <summary>"Incidents/2024-10-09 calico-codfw" gives "2024-10-09 calico-codfw".</summary>
    public static string? SlugOf(string title)
    {
        if (!IsPageTitle(title))
        {
            return null;
        }

        var slash = title.IndexOf('/', StringComparison.Ordinal);
        return title[(slash + 1)..].Trim();
    }
}
