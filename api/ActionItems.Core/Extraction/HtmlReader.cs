using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ActionItems.Core.Extraction;

/// <summary>Reads HTML (a saved wiki page or any exported postmortem) through AngleSharp's DOM.</summary>
internal sealed partial class HtmlReader(ExtractionContext context)
{
    /// <summary>AngleSharp slows down sharply on very deep trees; deeper markup is flattened before parsing.</summary>
    private const int MaxElementDepth = 200;

    private static readonly string[] NoiseSelectors =
    [
        "script", "style", "noscript", "template", "nav", "footer", "#toc", ".toc", ".mw-editsection", "#mw-navigation",
        "#mw-panel", "#mw-head", "#footer", ".printfooter", "#catlinks", "#siteSub", "#contentSub", "#jump-to-nav",
        ".mw-jump-link", ".navbox", "#siteNotice", ".mw-indicators", ".vector-header", ".vector-column-start",
        ".vector-page-toolbar", "header.mw-header", ".mw-footer",
    ];

    // Selectors parsed once: AngleSharp parses a selector string on every QuerySelector/Closest call, and the reader
    // asks one per list item (its checkbox) and per table row (its table); the parsing was ~2 % of the extraction
    // benchmark's time. A node's QuerySelector(string) is its ChildNodes' QuerySelector of the parsed selector, the
    // call made here. A parsed selector holds no state of its own, so one instance serves every call.
    private static readonly CssSelectorParser SelectorParser = new();
    private static readonly ISelector NoiseSelector = Parse(string.Join(", ", NoiseSelectors));
    private static readonly ISelector PageTitleSelector = Parse("#firstHeading, h1.firstHeading");
    private static readonly ISelector WikiContentSelector = Parse("#mw-content-text");
    private static readonly ISelector MainSelector = Parse("main");
    private static readonly ISelector ArticleSelector = Parse("article");
    private static readonly ISelector CheckboxSelector = Parse("input[type=checkbox]");
    private static readonly ISelector RowSelector = Parse("tr");
    private static readonly ISelector TableSelector = Parse("table");

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "UL", "OL", "LI", "TABLE", "H1", "H2", "H3", "H4", "H5", "H6", "PRE", "BLOCKQUOTE", "SECTION", "ARTICLE",
        "MAIN", "DL", "DT", "DD", "HR", "BODY", "HEADER", "FIGURE", "FORM", "DETAILS", "SUMMARY", "TR", "TD", "TH", "THEAD", "TBODY",
    };

    // One parser per thread, not one per document: a new HtmlParser builds a new browsing context (its configuration's
    // services) every time. The parser's options are fixed and each parse makes its own document and tree builder, but
    // the context creates its services lazily without locking, and imports extract in parallel, so threads do not share
    // one.
    [ThreadStatic]
    private static HtmlParser? t_threadParser;

    private readonly List<DocBlock> _blocks = [];
    private int _tableCount;

    public string? PageTitle { get; private set; }

    public List<DocBlock> Read(string html)
    {
        var parser = t_threadParser ??= new HtmlParser();
        var document = parser.ParseDocument(LimitNesting(html));
        PageTitle = document.ChildNodes.QuerySelector(PageTitleSelector)?.TextContent.Trim()
            ?? (document.Title is { Length: > 0 } title ? title.Trim() : null);
        if (PageTitle is not null && PageTitle.EndsWith(" - Wikitech", StringComparison.Ordinal))
        {
            PageTitle = PageTitle[..^" - Wikitech".Length];
        }

        var root = document.ChildNodes.QuerySelector(WikiContentSelector) ?? document.ChildNodes.QuerySelector(MainSelector)
            ?? document.ChildNodes.QuerySelector(ArticleSelector) ?? document.Body ?? document.DocumentElement;
        // One selector list, one walk of the tree (instead of one per selector).
        foreach (var noise in root.ChildNodes.QuerySelectorAll(NoiseSelector).ToList())
        {
            noise.Remove();
        }

        Walk(root);
        return _blocks;
    }

    private void Walk(IElement root)
    {
        var stack = new Stack<(INode Node, int ListDepth)>();
        PushChildren(stack, root, 0);
        var loose = new InlineBuilder();

        void FlushLoose()
        {
            if (!loose.IsEmpty)
            {
                AddParagraph(loose.Build());
            }

            loose = new InlineBuilder();
        }

        while (stack.Count > 0)
        {
            var (node, listDepth) = stack.Pop();
            if (node is not IElement element)
            {
                if (node.NodeType == NodeType.Text)
                {
                    loose.Append(node.TextContent);
                }

                continue;
            }

            var name = element.TagName.ToUpperInvariant();
            if (!BlockElements.Contains(name) && !HasBlockChild(element))
            {
                AppendInline(loose, element);
                continue;
            }

            FlushLoose();
            switch (name)
            {
                case "H1" or "H2" or "H3" or "H4" or "H5" or "H6":
                    _blocks.Add(DocBlock.Heading(name[1] - '0', InlineOf(element), HeadingOrigin.Markup));
                    break;
                case "UL" or "OL":
                    PushChildren(stack, element, listDepth + 1);
                    break;
                case "LI":
                    AddListItem(element, Math.Max(1, listDepth), stack);
                    break;
                case "TABLE":
                    AddTable(element);
                    break;
                case "PRE":
                    var lines = element.TextContent.Split('\n');
                    _blocks.Add(new DocBlock { Kind = BlockKind.Preformatted, Content = InlineText.Plain(element.TextContent), RawLines = lines });
                    break;
                case "P" or "DT" or "SUMMARY" when !HasBlockChild(element):
                    AddParagraph(InlineOf(element), element.TextContent.Split('\n'));
                    break;
                default:
                    PushChildren(stack, element, listDepth);
                    break;
            }
        }

        FlushLoose();
    }

    private void AddParagraph(InlineText content, IReadOnlyList<string>? rawLines = null)
    {
        if (content.Text.Length == 0 && content.Urls.Count == 0)
        {
            return;
        }

        if (content.Bold && content.Text.Length < 100)
        {
            _blocks.Add(DocBlock.Heading(7, content, HeadingOrigin.BoldLine));
            return;
        }

        _blocks.Add(DocBlock.Paragraph(content, rawLines?.Select(l => l.Trim()).Where(l => l.Length > 0).ToList() ?? [content.Text]));
    }

    private void AddListItem(IElement item, int depth, Stack<(INode, int)> stack)
    {
        var builder = new InlineBuilder();
        var nested = new List<INode>();
        bool? isChecked = null;
        foreach (var child in item.ChildNodes)
        {
            if (child is IElement childElement && (childElement.TagName is "UL" or "OL" or "TABLE" || nested.Count > 0 && BlockElements.Contains(childElement.TagName)))
            {
                nested.Add(child);
                continue;
            }

            if (child is IElement input && input.TagName == "INPUT" && input.GetAttribute("type") == "checkbox")
            {
                isChecked = input.HasAttribute("checked");
                continue;
            }

            isChecked ??= child is IElement wrapper ? CheckboxIn(wrapper) : null;
            if (child is IElement element)
            {
                AppendInline(builder, element);
            }
            else if (child.NodeType == NodeType.Text)
            {
                builder.Append(child.TextContent);
            }
        }

        (var content, isChecked) = ChecklistMarker.Apply(builder.Build(), isChecked);

        if (content.Text.Length > 0)
        {
            _blocks.Add(new DocBlock
            {
                Kind = BlockKind.ListItem,
                Level = context.ClampDepth(depth),
                Content = content,
                RawLines = [content.Text],
                Ordered = item.ParentElement?.TagName == "OL",
                Checked = isChecked,
            });
        }

        for (var i = nested.Count - 1; i >= 0; i--)
        {
            stack.Push((nested[i], depth));
        }
    }

    private static ISelector Parse(string selector) =>
        SelectorParser.ParseSelector(selector) ?? throw new InvalidOperationException($"invalid selector '{selector}'");

    /// <summary><c>row.Closest("table")</c> with the selector parsed once: the element itself or its nearest ancestor that is a table.</summary>
    private static IElement? ClosestTable(IElement row)
    {
        for (var element = row; element is not null; element = element.ParentElement)
        {
            if (TableSelector.Match(element))
            {
                return element;
            }
        }

        return null;
    }

    private static bool? CheckboxIn(IElement element)
    {
        var input = element.ChildNodes.QuerySelector(CheckboxSelector);
        return input is null ? null : input.HasAttribute("checked");
    }

    private void AddTable(IElement table)
    {
        var tableId = ++_tableCount;
        var spans = new RowSpans();
        // Only this table's own rows: nested tables are rare and read as cell text.
        var rows = table.ChildNodes.QuerySelectorAll(RowSelector).Where(r => ClosestTable(r) == table).ToList();
        foreach (var row in rows)
        {
            var sourceCells = row.Children.Where(c => c.TagName is "TD" or "TH").ToList();
            var cells = spans.Expand([.. sourceCells
                .Select(c => (InlineOf(c), int.TryParse(c.GetAttribute("rowspan"), out var rowSpan) ? rowSpan : 1))]);

            if (cells.Count == 0)
            {
                continue;
            }

            _blocks.Add(new DocBlock
            {
                Kind = BlockKind.TableRow,
                Content = InlineText.Plain(string.Join(" | ", cells.Select(c => c.Text))),
                Cells = cells,
                IsHeaderRow = sourceCells.Count > 0 && sourceCells.All(c => c.TagName == "TH") || row.ParentElement?.TagName == "THEAD",
                TableId = tableId,
            });
        }
    }

    private static bool HasBlockChild(IElement element) => element.Children.Any(c => BlockElements.Contains(c.TagName));

    private static void PushChildren(Stack<(INode, int)> stack, INode parent, int listDepth)
    {
        var children = parent.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push((children[i], listDepth));
        }
    }

    private static InlineText InlineOf(IElement element)
    {
        var builder = new InlineBuilder();
        AppendInline(builder, element);
        return builder.Build();
    }

    /// <summary>Text of an element without recursion: struck-through and bold state travel with each node.</summary>
    private static void AppendInline(InlineBuilder builder, IElement root)
    {
        var stack = new Stack<(INode Node, bool Struck, bool Bold)>();
        stack.Push((root, false, false));
        while (stack.Count > 0)
        {
            var (node, struck, bold) = stack.Pop();
            if (node is IElement element)
            {
                var tag = element.TagName;
                if (tag is "SCRIPT" or "STYLE" or "IMG" or "SUP" && element.ClassList.Contains("reference") || tag is "SCRIPT" or "STYLE")
                {
                    continue;
                }

                if (tag == "A")
                {
                    builder.AddUrl(element.GetAttribute("href"));
                }

                if (tag is "BR" or "P" or "DIV" or "LI" or "TD" or "TH")
                {
                    builder.Append(" ");
                }

                if (tag == "INPUT" && element.GetAttribute("type") == "checkbox")
                {
                    continue;
                }

                var childStruck = struck || tag is "S" or "DEL" or "STRIKE"
                    || (element.GetAttribute("style")?.Contains("line-through", StringComparison.OrdinalIgnoreCase) ?? false);
                var childBold = bold || tag is "B" or "STRONG";
                var children = element.ChildNodes;
                for (var i = children.Length - 1; i >= 0; i--)
                {
                    stack.Push((children[i], childStruck, childBold));
                }
            }
            else if (node.NodeType == NodeType.Text)
            {
                builder.Append(node.TextContent, struck, bold);
            }
        }
    }

    [GeneratedRegex(@"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})[^<>]{0,2000}>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Tag { get; }

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "AREA", "BASE", "BR", "COL", "EMBED", "HR", "IMG", "INPUT", "LINK", "META", "SOURCE", "TRACK", "WBR", "PARAM",
    };

    private static readonly HashSet<string> SelfClosingSiblings = new(StringComparer.OrdinalIgnoreCase)
    {
        "LI", "P", "TR", "TD", "TH", "DT", "DD", "OPTION",
    };

    /// <summary>
    /// The name group of <see cref="Tag"/>: a letter and up to 20 letters or digits, as many as there are (the
    /// rest of the pattern accepts them too, so the greedy group is the one that matches). IgnoreCase adds the
    /// Kelvin sign to the pattern's letters.
    /// </summary>
    private static ReadOnlySpan<char> TagName(ReadOnlySpan<char> afterBracket)
    {
        var length = 1;
        while (length < 21 && length < afterBracket.Length && (char.IsAsciiLetterOrDigit(afterBracket[length]) || afterBracket[length] == '\u212A'))
        {
            length++;
        }

        return afterBracket[..length];
    }

    /// <summary>Drops opening and closing tags beyond <see cref="MaxElementDepth"/> so the parser stays linear.</summary>
    private string LimitNesting(string html)
    {
        var open = new List<string>();
        var dropped = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        StringBuilder? output = null;
        var position = 0;
        // Tag names upper-cased once per spelling: a tag then costs no Match object and no string.
        var upperNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var match in Tag.EnumerateMatches(html))
        {
            var tag = html.AsSpan(match.Index, match.Length);
            var closing = tag[1] == '/';
            var nameSpan = TagName(tag[(closing ? 2 : 1)..]);
            if (!upperNames.TryGetValue(nameSpan, out var name))
            {
                name = nameSpan.ToString().ToUpperInvariant();
                upperNames[nameSpan] = name;
            }

            if (VoidElements.Contains(name) || tag.EndsWith("/>", StringComparison.Ordinal))
            {
                continue;
            }

            var drop = false;
            if (!closing)
            {
                if (SelfClosingSiblings.Contains(name) && open.Count > 0 && open[^1] == name)
                {
                    open.RemoveAt(open.Count - 1);
                }

                if (open.Count >= MaxElementDepth)
                {
                    drop = true;
                    dropped[name] = dropped.GetValueOrDefault(name) + 1;
                }
                else
                {
                    open.Add(name);
                }
            }
            else if (dropped.GetValueOrDefault(name) > 0)
            {
                drop = true;
                dropped[name]--;
            }
            else
            {
                var index = open.LastIndexOf(name);
                if (index >= 0)
                {
                    open.RemoveRange(index, open.Count - index);
                }
            }

            if (drop)
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, position, match.Index - position);
                position = match.Index + match.Length;
            }
        }

        if (output is null)
        {
            return html;
        }

        context.Warn($"HTML nested deeper than {MaxElementDepth} elements was flattened");
        output.Append(html, position, html.Length - position);
        return output.ToString();
    }
}
