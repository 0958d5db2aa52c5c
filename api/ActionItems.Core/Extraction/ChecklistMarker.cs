using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Completion markers authors put on items, in every format.</summary>
internal static class ChecklistMarker
{
    private static readonly Regex LeadingCheckbox = TextTools.Rx(@"^\s*(\[([ xX✓✔]?)\]|☐|☑|☒|✅|✔️?|✓)\s*");

    /// <summary>Splits a leading checkbox off an item: "[x] Fix it" is (true, "Fix it").</summary>
    public static (bool? Checked, string Remainder) Split(string text)
    {
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
}
