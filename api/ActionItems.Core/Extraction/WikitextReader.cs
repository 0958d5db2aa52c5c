using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Reads MediaWiki wikitext line by line into blocks; no recursion, every scan bounded.</summary>
internal sealed partial class WikitextReader(ExtractionContext context)
{
    private const int MaxLinkLength = 1000;
    private const int MaxTemplateLength = 4000;

    private readonly List<DocBlock> _blocks = [];
    private readonly List<string> _paragraphLines = [];
    private int _tableCount;

    public List<DocBlock> Read(string text)
    {
        var lines = RemoveComments(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                FlushParagraph();
                continue;
            }

            if (trimmed.StartsWith("{|", StringComparison.Ordinal))
            {
                FlushParagraph();
                i = ReadTable(lines, i);
                continue;
            }

            if (trimmed.StartsWith("{{", StringComparison.Ordinal) && TryReadTemplateBlock(lines, ref i))
            {
                continue;
            }

            if (trimmed[0] == '=' && TextTools.TryReadWikiHeading(trimmed, out var openingLevel, out var headingText))
            {
                FlushParagraph();
                var level = Math.Min(openingLevel, trimmed.Length - trimmed.TrimEnd('=').Length);
                _blocks.Add(DocBlock.Heading(Math.Max(1, level), ParseInline(headingText), HeadingOrigin.Markup));
                continue;
            }

            if (line[0] is '*' or '#' or ':' or ';')
            {
                FlushParagraph();
                AddListItem(line);
                continue;
            }

            if (line[0] == ' ' && !line.Contains('\t', StringComparison.Ordinal))
            {
                FlushParagraph();
                _blocks.Add(new DocBlock { Kind = BlockKind.Preformatted, Content = InlineText.Plain(line), RawLines = [line] });
                continue;
            }

            if (line.Contains('\t', StringComparison.Ordinal))
            {
                // Tab-separated lines are pasted table rows (the scorecard); keep each line apart.
                FlushParagraph();
                _blocks.Add(DocBlock.Paragraph(ParseInline(line), [line]));
                continue;
            }

            _paragraphLines.Add(line);
        }

        FlushParagraph();
        return _blocks;
    }

    private void AddListItem(string line)
    {
        var prefixLength = 0;
        while (prefixLength < line.Length && line[prefixLength] is '*' or '#' or ':' or ';')
        {
            prefixLength++;
        }

        var prefix = line[..prefixLength];
        var body = line[prefixLength..].Trim();
        var onlyIndent = prefix.All(c => c is ':' or ';');
        if (onlyIndent && body.Length > 0)
        {
            // ":" lines without a bullet are indented paragraphs in wikitext (the IRC log quotes of 2020s templates).
            _blocks.Add(DocBlock.Paragraph(ParseInline(body), [body]));
            return;
        }

        var depth = prefix.Count(c => c is '*' or '#');
        var continuation = prefix[^1] is ':' or ';';
        var (checkedState, rest) = ChecklistMarker.Split(body);
        _blocks.Add(new DocBlock
        {
            Kind = BlockKind.ListItem,
            Level = context.ClampDepth(Math.Max(1, depth)),
            Content = ParseInline(rest),
            RawLines = [line],
            Ordered = prefix[^1] == '#',
            Checked = checkedState,
            IsContinuation = continuation,
        });
    }

    private void FlushParagraph()
    {
        if (_paragraphLines.Count == 0)
        {
            return;
        }

        var content = ParseInline(string.Join(' ', _paragraphLines));
        if (_paragraphLines.Count == 1 && content.Bold && content.Text.Length is > 0 and < 100)
        {
            _blocks.Add(DocBlock.Heading(7, content, HeadingOrigin.BoldLine));
        }
        else if (content.Text.Length > 0 || content.Urls.Count > 0)
        {
            _blocks.Add(DocBlock.Paragraph(content, [.. _paragraphLines]));
        }

        _paragraphLines.Clear();
    }

    private bool TryReadTemplateBlock(string[] lines, ref int index)
    {
        // A template that owns its lines ({{Incident scorecard ...}}) is metadata, not prose.
        var builder = new StringBuilder();
        var depth = 0;
        for (var i = index; i < lines.Length && builder.Length < MaxTemplateLength * 4; i++)
        {
            var line = lines[i].TrimEnd('\r');
            for (var c = 0; c < line.Length; c++)
            {
                if (c + 1 < line.Length && line[c] == '{' && line[c + 1] == '{')
                {
                    depth++;
                    c++;
                }
                else if (c + 1 < line.Length && line[c] == '}' && line[c + 1] == '}')
                {
                    depth--;
                    c++;
                    if (depth == 0)
                    {
                        if (c + 1 < line.Length && line[(c + 1)..].Trim().Length > 0)
                        {
                            return false;
                        }

                        builder.Append(line);
                        FlushParagraph();
                        var raw = builder.ToString();
                        _blocks.Add(new DocBlock { Kind = BlockKind.Template, Content = InlineText.Plain(raw), RawLines = [raw] });
                        index = i;
                        return true;
                    }
                }
            }

            builder.Append(line).Append('\n');
        }

        return false;
    }

    /// <summary>Reads a {| … |} table into rows, expanding rowspans; an unterminated table ends at the document end.</summary>
    private int ReadTable(string[] lines, int start)
    {
        var tableId = ++_tableCount;
        var rows = new List<List<(InlineText Cell, bool Header, int RowSpan)>>();
        List<(InlineText, bool, int)>? row = null;
        StringBuilder? cellText = null;
        var cellHeader = false;
        var cellRowSpan = 1;
        var i = start + 1;
        var terminated = false;

        void FlushCell()
        {
            if (cellText is not null && row is not null)
            {
                row.Add((ParseInline(cellText.ToString()), cellHeader, cellRowSpan));
            }

            cellText = null;
        }

        void StartCell(string raw, bool header)
        {
            FlushCell();
            row ??= [];
            var (attributes, content) = SplitCellAttributes(raw);
            cellRowSpan = ReadRowSpan(attributes);
            cellHeader = header;
            cellText = new StringBuilder(content);
        }

        for (; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.StartsWith("|}", StringComparison.Ordinal))
            {
                terminated = true;
                break;
            }

            if (line.StartsWith("|-", StringComparison.Ordinal))
            {
                FlushCell();
                row = [];
                rows.Add(row);
                continue;
            }

            if (line.StartsWith("|+", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith('|') || line.StartsWith('!'))
            {
                var header = line[0] == '!';
                if (row is null)
                {
                    row = [];
                    rows.Add(row);
                }

                var separator = header ? "!!" : "||";
                var parts = line[1..].Split(separator);
                if (header && parts.Length == 1)
                {
                    parts = line[1..].Split("||");
                }

                foreach (var part in parts)
                {
                    StartCell(part, header);
                }

                continue;
            }

            if (cellText is not null)
            {
                cellText.Append(' ').Append(line);
            }
        }

        FlushCell();
        if (!terminated)
        {
            context.Warn("a table is not terminated (missing '|}'); it was read to the end of the document");
        }

        EmitRows(rows, tableId);
        return i;
    }

    private void EmitRows(List<List<(InlineText Cell, bool Header, int RowSpan)>> rows, int tableId)
    {
        var spans = new RowSpans();
        foreach (var row in rows)
        {
            if (row.Count == 0)
            {
                continue;
            }

            var cells = spans.Expand([.. row.Select(c => (c.Cell, c.RowSpan))]);

            _blocks.Add(new DocBlock
            {
                Kind = BlockKind.TableRow,
                Content = InlineText.Plain(string.Join(" | ", cells.Select(c => c.Text))),
                Cells = cells,
                IsHeaderRow = row.All(c => c.Header),
                TableId = tableId,
            });
        }
    }

    private static (string Attributes, string Content) SplitCellAttributes(string raw)
    {
        // "rowspan="5" | People": attributes come before a single "|" that is not part of a link or template.
        var depth = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
            else if (c == '|' && depth == 0)
            {
                var attributes = raw[..i];
                return attributes.Contains('=', StringComparison.Ordinal) || attributes.Trim().Length == 0
                    ? (attributes, raw[(i + 1)..])
                    : ("", raw);
            }
        }

        return ("", raw);
    }

    [GeneratedRegex(@"rowspan\s*=\s*""?([0-9]{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex RowSpanAttribute { get; }

    private static int ReadRowSpan(string attributes) =>
        RowSpanAttribute.Match(attributes) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;

    private static string RemoveComments(string text)
    {
        var start = text.IndexOf("<!--", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (start >= 0)
        {
            builder.Append(text, position, start - position);
            var end = text.IndexOf("-->", start + 4, StringComparison.Ordinal);
            if (end < 0)
            {
                position = text.Length;
                break;
            }

            position = end + 3;
            start = text.IndexOf("<!--", position, StringComparison.Ordinal);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>The characters that start markup in <see cref="ParseInline"/>; a bare link also needs "://".</summary>
    private static readonly SearchValues<char> InlineMarkupStarts = SearchValues.Create("'~<[{");

    /// <summary>Every character a branch of <see cref="ParseInline"/> looks at (' ~ &lt; [ { h H); any other is plain text.</summary>
    private static readonly SearchValues<char> InlineSpecials = SearchValues.Create("'~<[{hH");

    /// <summary>Inline wikitext to plain text: links keep their label, task templates become task ids.</summary>
    public static InlineText ParseInline(string text)
    {
        if (TextTools.AsPlainLine(text, InlineMarkupStarts) is { } plainLine)
        {
            return plainLine;
        }

        var builder = new InlineBuilder();
        var bold = false;
        var struck = 0;
        // Sized for the whole line: a builder that grew by chunks copies itself into one array on every Clear (the
        // flushes below), which showed as a few per cent of the extraction in a profile.
        var plain = new StringBuilder(text.Length);
        var i = 0;

        void FlushPlain()
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
            if (c == '\'' && At(text, i, "'''"))
            {
                FlushPlain();
                var run = 0;
                while (i + run < text.Length && text[i + run] == '\'')
                {
                    run++;
                }

                if (run >= 3)
                {
                    bold = !bold;
                }

                i += run;
                continue;
            }

            if (c == '\'' && At(text, i, "''"))
            {
                i += 2;
                continue;
            }

            if (c == '~' && At(text, i, "~~") && !At(text, i, "~~~"))
            {
                FlushPlain();
                struck = struck > 0 ? struck - 1 : struck + 1;
                i += 2;
                continue;
            }

            if (c == '<')
            {
                var close = TextTools.IndexWithin(text, ">", i + 1, 200);
                if (close > 0 && close - i < 200)
                {
                    var tag = text[(i + 1)..close].Trim().ToUpperInvariant();
                    FlushPlain();
                    var name = tag.TrimStart('/').Split(' ', '/')[0];
                    if (name is "S" or "DEL" or "STRIKE")
                    {
                        struck = tag.StartsWith('/') ? Math.Max(0, struck - 1) : struck + 1;
                    }
                    else if (name is "B" or "STRONG")
                    {
                        bold = !tag.StartsWith('/');
                    }
                    else if (name is "BR" or "P" or "DIV" or "LI")
                    {
                        plain.Append(' ');
                    }

                    i = close + 1;
                    continue;
                }
            }

            if (c == '[' && At(text, i, "[["))
            {
                var close = TextTools.IndexWithin(text, "]]", i + 2, MaxLinkLength);
                if (close > 0 && close - i < MaxLinkLength)
                {
                    FlushPlain();
                    AppendInternalLink(builder, text[(i + 2)..close], struck > 0, bold);
                    i = close + 2;
                    continue;
                }
            }
            else if (c == '[' && At(text, i + 1, "http", StringComparison.OrdinalIgnoreCase) || c == '[' && At(text, i + 1, "//"))
            {
                var close = TextTools.IndexWithin(text, "]", i + 1, MaxLinkLength);
                if (close > 0 && close - i < MaxLinkLength)
                {
                    FlushPlain();
                    var inner = text[(i + 1)..close];
                    var space = inner.IndexOf(' ', StringComparison.Ordinal);
                    var url = space < 0 ? inner : inner[..space];
                    builder.AddUrl(url);
                    if (space > 0)
                    {
                        builder.Append(ParseInline(inner[(space + 1)..]).Text, struck > 0, bold);
                    }

                    i = close + 1;
                    continue;
                }
            }

            if (c == '{' && At(text, i, "{{"))
            {
                var close = FindTemplateEnd(text, i);
                if (close > 0)
                {
                    FlushPlain();
                    AppendTemplate(builder, text[(i + 2)..(close - 2)], struck > 0, bold);
                    i = close;
                    continue;
                }
            }

            if (c is 'h' or 'H' && (At(text, i, "http://", StringComparison.OrdinalIgnoreCase) || At(text, i, "https://", StringComparison.OrdinalIgnoreCase)))
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or ']' or '|'))
                {
                    end++;
                }

                builder.AddUrl(text[i..end].TrimEnd('.', ',', ';', ')'));
            }

            plain.Append(c);
            i++;
        }

        FlushPlain();
        return builder.Build();
    }

    private static void AppendInternalLink(InlineBuilder builder, string inner, bool struck, bool bold)
    {
        var pipe = inner.IndexOf('|', StringComparison.Ordinal);
        var target = (pipe < 0 ? inner : inner[..pipe]).Trim();
        var label = pipe < 0 ? null : inner[(pipe + 1)..].Trim();
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon > 0 ? target[..colon].Trim().ToUpperInvariant() : "";
        var rest = colon > 0 ? target[(colon + 1)..].Trim() : target;
        switch (prefix)
        {
            case "FILE" or "IMAGE" or "CATEGORY" or "MEDIA":
                return;
            case "PHAB" or "PHABRICATOR":
                builder.AddUrl("https://phabricator.wikimedia.org/" + rest);
                break;
            case "GERRIT":
                builder.AddUrl("https://gerrit.wikimedia.org/r/" + rest);
                break;
            case "USER":
                target = rest;
                break;
        }

        var shown = string.IsNullOrEmpty(label) ? (prefix is "PHAB" or "PHABRICATOR" or "GERRIT" ? rest : target) : label;
        var hash = shown.IndexOf('#', StringComparison.Ordinal);
        if (string.IsNullOrEmpty(label) && hash > 0)
        {
            shown = shown[..hash];
        }

        builder.Append(ParseInline(shown).Text, struck, bold);
    }

    [GeneratedRegex(@"^(phabt|phab|phabricator|task|t|tracked|bug)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TaskTemplateName { get; }
    [GeneratedRegex(@"^(done|tick|yes|check|checked|resolved|fixed|completed?|y)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DoneTemplateName { get; }
    [GeneratedRegex(@"^(not ?done|todo|to do|open|pending|in progress|wip|x|cross|no)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex OpenTemplateName { get; }

    private static void AppendTemplate(InlineBuilder builder, string inner, bool struck, bool bold)
    {
        var parts = inner.Split('|');
        var name = parts[0].Trim();
        var argument = parts.Length > 1 ? parts[1].Trim() : "";
        if (TaskTemplateName.IsMatch(name) && argument.Length > 0)
        {
            var key = argument.StartsWith('T') || argument.StartsWith('t') ? "T" + argument[1..] : "T" + argument;
            builder.AddUrl("https://phabricator.wikimedia.org/" + key);
            builder.Append(key, struck, bold);
        }
        else if (name.Equals("gerrit", StringComparison.OrdinalIgnoreCase) && argument.Length > 0)
        {
            builder.AddUrl("https://gerrit.wikimedia.org/r/" + argument);
            builder.Append("Gerrit change " + argument, struck, bold);
        }
        else if (DoneTemplateName.IsMatch(name))
        {
            builder.Append(" (done) ", struck, bold);
        }
        else if (OpenTemplateName.IsMatch(name))
        {
            builder.Append(" (open) ", struck, bold);
        }
    }

    private static int FindTemplateEnd(string text, int start)
    {
        var depth = 0;
        var limit = Math.Min(text.Length - 1, start + MaxTemplateLength);
        for (var i = start; i < limit; i++)
        {
            if (text[i] == '{' && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}' && text[i + 1] == '}')
            {
                depth--;
                i++;
                if (depth == 0)
                {
                    return i + 1;
                }
            }
        }

        return -1;
    }

    private static bool At(string text, int index, string value, StringComparison comparison = StringComparison.Ordinal) =>
        index >= 0 && index + value.Length <= text.Length && string.Compare(text, index, value, 0, value.Length, comparison) == 0;
}
