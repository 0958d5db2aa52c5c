using System.Text;

namespace ActionItems.Core.Extraction;

/// <summary>
/// The format-neutral shape every reader produces: a flat list of blocks. Flat on purpose, so that the
/// analysis never recurses over document structure and a 10,000-deep list cannot overflow the stack.
/// </summary>
internal enum BlockKind
{
    Heading,
    ListItem,
    Paragraph,
    TableRow,
    Preformatted,
    Template,
}

internal enum HeadingOrigin
{
    Markup,
    BoldLine,
    Inferred,
    PageTitle,

    /// <summary>A paragraph line naming an actionables section ("Action Items", "Remediation:") directly above a list.</summary>
    LabelLine,

    /// <summary>A sentence announcing the list below it ("To prevent this from happening again, we will:").</summary>
    LeadIn,

    /// <summary>
    /// A list item that only names its nested list ("- **Review actions**:" over sub-bullets): a heading whose
    /// section is that nested list and ends where it does.
    /// </summary>
    ListLabel,

    /// <summary>
    /// A short line of a rendered page that sorts the actionables below it ("Process", "Monitoring"): a sub-heading
    /// inside the actionables section, which it never ends (an inferred heading does).
    /// </summary>
    GroupLabel,
}

internal sealed record DocBlock
{
    public required BlockKind Kind { get; init; }

    /// <summary>Heading level (1–6, 7 for a bold line), list depth (1-based), otherwise 0.</summary>
    public int Level { get; init; }

    public required InlineText Content { get; init; }

    /// <summary>Source lines as written (tabs kept); metadata and scorecard readers need line structure.</summary>
    public IReadOnlyList<string> RawLines { get; init; } = [];

    public HeadingOrigin HeadingOrigin { get; init; }
    public bool Ordered { get; init; }

    /// <summary>Checklist state: true for [x], false for [ ], null when the item has no checkbox.</summary>
    public bool? Checked { get; init; }

    /// <summary>A wikitext ":" continuation line: belongs to the item above, never an item itself.</summary>
    public bool IsContinuation { get; init; }

    public IReadOnlyList<InlineText> Cells { get; init; } = [];
    public bool IsHeaderRow { get; init; }
    public int TableId { get; init; }

    public string Text => Content.Text;

    public static DocBlock Heading(int level, InlineText content, HeadingOrigin origin) =>
        new() { Kind = BlockKind.Heading, Level = level, Content = content, HeadingOrigin = origin };

    public static DocBlock Paragraph(InlineText content, IReadOnlyList<string> rawLines) =>
        new() { Kind = BlockKind.Paragraph, Content = content, RawLines = rawLines };
}

/// <summary>Inline content with its markup removed; what the markup said is kept as flags.</summary>
internal sealed record InlineText(string Text, IReadOnlyList<string> Urls, bool Struck, bool Bold)
{
    public static InlineText Empty { get; } = new("", [], false, false);

    public static InlineText Plain(string text) => new(TextTools.NormalizeWhitespace(text), [], false, false);
}

/// <summary>Collects inline text from any format and remembers how much of it was struck or bold.</summary>
internal sealed class InlineBuilder
{
    // The text so far: the first piece as it is, a builder only once a second piece arrives. Most lines are one
    // piece, which then costs no builder and no copy.
    private string _first = "";
    private StringBuilder? _pieces;
    private readonly List<string> _urls = [];
    private int _struckChars;
    private int _boldChars;
    private int _visibleChars;

    public void Append(string text, bool struck = false, bool bold = false)
    {
        if (_pieces is not null)
        {
            _pieces.Append(text);
        }
        else if (_first.Length == 0)
        {
            _first = text;
        }
        else
        {
            _pieces = new StringBuilder(_first, _first.Length + text.Length + 16).Append(text);
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c))
            {
                continue;
            }

            _visibleChars++;
            if (struck)
            {
                _struckChars++;
            }

            if (bold)
            {
                _boldChars++;
            }
        }
    }

    public void AddUrl(string? url)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            _urls.Add(url.Trim());
        }
    }

    public bool IsEmpty => _visibleChars == 0 && _urls.Count == 0;

    public InlineText Build()
    {
        var text = TextTools.NormalizeWhitespace(_pieces?.ToString() ?? _first);
        // Half or more struck through reads as "this item is done", which is how authors use it.
        var struck = _visibleChars > 0 && _struckChars * 2 >= _visibleChars;
        var bold = _visibleChars > 0 && _boldChars == _visibleChars;
        return new InlineText(text, [.. _urls], struck, bold);
    }
}
