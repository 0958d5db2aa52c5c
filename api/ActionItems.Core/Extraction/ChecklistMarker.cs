using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Completion markers authors put on items, in every format.</summary>
internal static partial class ChecklistMarker
{
    [GeneratedRegex(@"^\s*(\[([ xX✓✔]?)\]|☐|☑|☒|✅|✔️?|✓)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex LeadingCheckbox { get; }

    /// <summary>Splits a leading checkbox off an item: "[x] Fix it" is (true, "Fix it").</summary>
    public static (bool? Checked, string Remainder) Split(string text)
    {
        // Every marker starts with '[' or a check symbol after the leading space; most items have none.
        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] is not ('[' or '☐' or '☑' or '☒' or '✅' or '✔' or '✓'))
        {
            return (null, text);
        }

        var match = LeadingCheckbox.Match(text);
        if (!match.Success)
        {
            return (null, text);
        }

        var marker = match.Groups[1].Value;
        var isChecked = marker switch
        {
            "☐" => false,
            "[]" or "[ ]" => false,
            _ => true,
        };
        return (isChecked, text[match.Length..]);
    }

    /// <summary>
    /// A checkbox the format itself carried (HTML input, Markdown task list) wins; otherwise one written
    /// as text at the start of the item is taken off the text and used.
    /// </summary>
    public static (InlineText Content, bool? Checked) Apply(InlineText content, bool? formatChecked)
    {
        if (formatChecked is not null)
        {
            return (content, formatChecked);
        }
        var (textChecked, rest) = Split(content.Text);
        return textChecked is null ? (content, null) : (content with { Text = rest }, textChecked);
    }
}
