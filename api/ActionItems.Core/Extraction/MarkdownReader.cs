using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MarkdigTable = Markdig.Extensions.Tables.Table;
using MarkdigTableRow = Markdig.Extensions.Tables.TableRow;

namespace ActionItems.Core.Extraction;

/// <summary>Reads Markdown through Markdig's syntax tree, walking it with an explicit stack.</summary>
internal sealed class MarkdownReader(ExtractionContext context)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private readonly List<DocBlock> _blocks = [];

    // The inline walk's stack, reused for every paragraph of the document instead of grown from empty each time.
    private readonly Stack<(Inline Node, bool Struck, bool Bold)> _inlineStack = new(64);
    private int _tableCount;
    private string _source = "";

    public List<DocBlock> Read(string text)
    {
        text = FlattenDeepMarkerRuns(text);
        _source = text;
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses absurdly deep nesting; the line reader still gets the text out.
            context.Warn("the Markdown is nested too deeply to parse as Markdown; it was read as plain text");
            return new RenderedTextReader(context).Read(text);
        }

        var stack = new Stack<(Block Block, int ListDepth)>();
        PushChildren(stack, document, 0);
        while (stack.Count > 0)
        {
            var (block, listDepth) = stack.Pop();
            switch (block)
            {
                case HeadingBlock heading:
                    _blocks.Add(DocBlock.Heading(heading.Level, ReadInline(heading.Inline), HeadingOrigin.Markup));
                    break;
                case ParagraphBlock paragraph:
                    AddParagraph(paragraph);
                    break;
                case ListBlock list:
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        stack.Push((list[i], listDepth + 1));
                    }

                    break;
                case ListItemBlock item:
                    AddListItem(item, (ListBlock?)item.Parent, listDepth, stack);
                    break;
                case MarkdigTable table:
                    AddTable(table);
                    break;
                case CodeBlock code:
                    var codeLines = LinesOf(code);
                    _blocks.Add(new DocBlock { Kind = BlockKind.Preformatted, Content = InlineText.Plain(string.Join(' ', codeLines)), RawLines = codeLines });
                    break;
                case ContainerBlock container:
                    PushChildren(stack, container, listDepth);
                    break;
                case LeafBlock leaf when leaf is not ThematicBreakBlock:
                    var leafLines = LinesOf(leaf);
                    if (leafLines.Count > 0)
                    {
                        _blocks.Add(DocBlock.Paragraph(RenderedTextReader.ParseInline(string.Join(' ', leafLines)), leafLines));
                    }

                    break;
            }
        }

        return _blocks;
    }

    /// <summary>
    /// Cuts every line's run of container markers ("- - - …", "* * …", "1. 1. …", "> > …") to
    /// <see cref="ExtractionContext.MaxListDepth"/>. Markdig opens one nested block per marker and works through them
    /// recursively: 50,000 markers on one line take it seconds before it gives up, for a depth that is flattened
    /// afterwards anyway. Cut before parsing, the line is the same item at the depth it would have been flattened to.
    /// </summary>
    private string FlattenDeepMarkerRuns(string text)
    {
        System.Text.StringBuilder? flattened = null;
        var copiedUpTo = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
            var (cutFrom, cutTo) = MarkersBeyondDepth(text, lineStart, lineEnd, ExtractionContext.MaxListDepth);
            if (cutFrom < cutTo)
            {
                flattened ??= new System.Text.StringBuilder(text.Length);
                flattened.Append(text, copiedUpTo, cutFrom - copiedUpTo);
                copiedUpTo = cutTo;
            }
            lineStart = lineEnd + 1;
        }
        if (flattened is null)
        {
            return text;
        }
        context.NoteFlattened();
        return flattened.Append(text, copiedUpTo, text.Length - copiedUpTo).ToString();
    }

    /// <summary>
    /// Where the markers past the first <paramref name="maxDepth"/> of the line's leading run start and end; an empty
    /// range when the run is not deeper than that.
    /// </summary>
    private static (int From, int To) MarkersBeyondDepth(string text, int start, int end, int maxDepth)
    {
        var position = start;
        var depth = 0;
        var cutFrom = -1;
        while (true)
        {
            while (position < end && text[position] is ' ' or '\t')
            {
                position++;
            }
            var afterMarker = MarkerEnd(text, position, end);
            if (afterMarker < 0)
            {
                break;
            }
            depth++;
            if (depth == maxDepth + 1)
            {
                cutFrom = position;
            }
            position = afterMarker;
        }
        return cutFrom < 0 ? (0, 0) : (cutFrom, position);
    }

    /// <summary>The end of a list or quote marker at <paramref name="position"/> (with its one following space), or -1.</summary>
    private static int MarkerEnd(string text, int position, int end)
    {
        if (position >= end)
        {
            return -1;
        }
        if (text[position] == '>')
        {
            return position + 1;
        }
        var markerEnd = position;
        if (text[position] is '-' or '*' or '+')
        {
            markerEnd = position + 1;
        }
        else
        {
            while (markerEnd < end && markerEnd - position < 9 && char.IsAsciiDigit(text[markerEnd]))
            {
                markerEnd++;
            }
            if (markerEnd == position || markerEnd >= end || text[markerEnd] is not ('.' or ')'))
            {
                return -1;
            }
            markerEnd++;
        }
        return markerEnd < end && text[markerEnd] is ' ' or '\t' ? markerEnd + 1 : -1;
    }

    private static void PushChildren(Stack<(Block, int)> stack, ContainerBlock container, int listDepth)
    {
        for (var i = container.Count - 1; i >= 0; i--)
        {
            stack.Push((container[i], listDepth));
        }
    }

    private void AddParagraph(ParagraphBlock paragraph)
    {
        var content = ReadInline(paragraph.Inline);
        var lines = LinesOf(paragraph);
        if (lines.Count == 1 && content.Bold && content.Text.Length is > 0 and < 100)
        {
            _blocks.Add(DocBlock.Heading(7, content, HeadingOrigin.BoldLine));
            return;
        }

        // A loose "- [ ] item" written without a list marker still reads as a checklist entry.
        var (isChecked, rest) = ChecklistMarker.Split(content.Text);
        if (isChecked is not null && lines.Count == 1 && rest.Length > 0)
        {
            _blocks.Add(new DocBlock { Kind = BlockKind.ListItem, Level = 1, Content = content with { Text = rest }, RawLines = lines, Checked = isChecked });
            return;
        }

        _blocks.Add(DocBlock.Paragraph(content, lines));
    }

    private void AddListItem(ListItemBlock item, ListBlock? list, int listDepth, Stack<(Block, int)> stack)
    {
        var builder = new InlineBuilder();
        bool? isChecked = null;
        List<string>? raw = null;
        var nested = new List<Block>();
        foreach (var child in item)
        {
            if (child is ParagraphBlock paragraph && nested.Count == 0)
            {
                isChecked ??= TaskState(paragraph.Inline);
                if (!builder.IsEmpty)
                {
                    builder.Append(" ");
                }

                AppendInline(builder, paragraph.Inline);
                // Most items are one paragraph: its lines are the item's, without a copy into a second list.
                var lines = LinesOf(paragraph);
                if (raw is null)
                {
                    raw = lines;
                }
                else
                {
                    raw.AddRange(lines);
                }
            }
            else
            {
                nested.Add(child);
            }
        }

        (var content, isChecked) = ChecklistMarker.Apply(builder.Build(), isChecked);

        _blocks.Add(new DocBlock
        {
            Kind = BlockKind.ListItem,
            Level = context.ClampDepth(Math.Max(1, listDepth)),
            Content = content,
            RawLines = raw ?? [],
            Ordered = list?.IsOrdered ?? false,
            Checked = isChecked,
        });

        for (var i = nested.Count - 1; i >= 0; i--)
        {
            stack.Push((nested[i], listDepth));
        }
    }

    private void AddTable(MarkdigTable table)
    {
        var tableId = ++_tableCount;
        foreach (var rowBlock in table)
        {
            if (rowBlock is not MarkdigTableRow row)
            {
                continue;
            }

            var cells = new List<InlineText>();
            foreach (var cellBlock in row)
            {
                var builder = new InlineBuilder();
                if (cellBlock is TableCell cell)
                {
                    foreach (var part in cell)
                    {
                        if (part is ParagraphBlock paragraph)
                        {
                            AppendInline(builder, paragraph.Inline);
                            builder.Append(" ");
                        }
                    }
                }

                cells.Add(builder.Build());
            }

            _blocks.Add(new DocBlock
            {
                Kind = BlockKind.TableRow,
                Content = InlineText.Plain(string.Join(" | ", cells.Select(c => c.Text))),
                Cells = cells,
                IsHeaderRow = row.IsHeader,
                TableId = tableId,
            });
        }
    }

    private static bool? TaskState(ContainerInline? inline)
    {
        for (var child = inline?.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is TaskList task)
            {
                return task.Checked;
            }

            if (child is LiteralInline literal && literal.Content.ToString().Trim().Length == 0)
            {
                continue;
            }

            return null;
        }

        return null;
    }

    /// <summary>Source lines of a block, from its span: Markdig drops a leaf's line group once inlines are parsed.</summary>
    private List<string> LinesOf(Block block)
    {
        var start = Math.Clamp(block.Span.Start, 0, _source.Length);
        var end = Math.Clamp(block.Span.End + 1, start, _source.Length);
        // Validate has already turned "\r\n" and "\r" into "\n"; only non-blank lines become strings.
        var lines = new List<string>();
        foreach (var range in _source.AsSpan(start, end - start).Split('\n'))
        {
            var line = _source.AsSpan(start, end - start)[range];
            if (!line.IsWhiteSpace())
            {
                lines.Add(line.ToString());
            }
        }

        return lines;
    }

    private InlineText ReadInline(ContainerInline? inline)
    {
        var builder = new InlineBuilder();
        AppendInline(builder, inline);
        return builder.Build();
    }

    /// <summary>Inline tree to text without recursion; struck and bold state travel with each node.</summary>
    private void AppendInline(InlineBuilder builder, ContainerInline? root)
    {
        if (root is null)
        {
            return;
        }

        var htmlStruck = 0;
        var stack = _inlineStack;
        stack.Clear();
        PushInlineChildren(stack, root, false, false);
        while (stack.Count > 0)
        {
            var (node, struck, bold) = stack.Pop();
            var isStruck = struck || htmlStruck > 0;
            switch (node)
            {
                case TaskList:
                    break;
                case LiteralInline literal:
                    builder.Append(literal.Content.ToString(), isStruck, bold);
                    break;
                case CodeInline code:
                    builder.Append(code.Content, isStruck, bold);
                    break;
                case AutolinkInline autolink:
                    builder.AddUrl(autolink.Url);
                    builder.Append(autolink.Url, isStruck, bold);
                    break;
                case LineBreakInline:
                    builder.Append(" ", isStruck, bold);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.ToString(), isStruck, bold);
                    break;
                case HtmlInline html:
                    var tag = html.Tag.Trim('<', '>', ' ').ToUpperInvariant();
                    if (tag is "S" or "DEL" or "STRIKE")
                    {
                        htmlStruck++;
                    }
                    else if (tag is "/S" or "/DEL" or "/STRIKE")
                    {
                        htmlStruck = Math.Max(0, htmlStruck - 1);
                    }
                    else if (tag.StartsWith("BR", StringComparison.Ordinal))
                    {
                        builder.Append(" ");
                    }

                    break;
                case LinkInline { IsImage: true }:
                    break;
                case LinkInline link:
                    builder.AddUrl(link.Url);
                    PushInlineChildren(stack, link, isStruck, bold);
                    break;
                case EmphasisInline emphasis:
                    var strike = emphasis.DelimiterChar == '~' && emphasis.DelimiterCount >= 2;
                    var strong = emphasis.DelimiterChar is '*' or '_' && emphasis.DelimiterCount >= 2;
                    PushInlineChildren(stack, emphasis, isStruck || strike, bold || strong);
                    break;
                case ContainerInline container:
                    PushInlineChildren(stack, container, isStruck, bold);
                    break;
            }
        }
    }

    private static void PushInlineChildren(Stack<(Inline, bool, bool)> stack, ContainerInline container, bool struck, bool bold)
    {
        // Last to first, so the first child is popped first; no list of the children is built.
        for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
        {
            stack.Push((child, struck, bold));
        }
    }
}
