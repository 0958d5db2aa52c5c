namespace ActionItems.Core.Import;

/// <summary>Word-overlap similarity for matching re-imported items to the ones already stored.</summary>
public static class TextSimilarity
{
    /// <summary>Sørensen–Dice coefficient over lower-cased word sets: 1 = same words, 0 = none shared.</summary>
    public static double Dice(string? a, string? b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }
        var shared = left.Count(right.Contains);
        return 2.0 * shared / (left.Count + right.Count);
    }

    public static HashSet<string> Words(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }
}
