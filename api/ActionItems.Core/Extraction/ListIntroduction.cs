using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Paragraphs that introduce the list right below them as actionables, where no heading does (issue 18):
/// a label line that is not a heading ("Action Items", "Remediation:"; class 2) and a lead-in sentence that
/// announces the list ("To prevent this from happening again, we are making the following changes:"; class 8).
/// Each becomes a bold-level heading (level 7), so the section finder and the readers treat it like any other.
/// A list item can be such a label too ("- **Review actions**:" with the actions nested below it): it becomes a
/// <see cref="HeadingOrigin.ListLabel"/> heading whose section is its nested list (<see cref="SectionIndex"/>).
/// </summary>
internal static partial class ListIntroduction
{
    /// <summary>A label is a name, not a sentence.</summary>
    private const int MaxLabelWords = 4;

    /// <summary>A lead-in is one announcing sentence; a longer paragraph ending in a colon is narrative.</summary>
    private const int MaxLeadInWords = 40;

    /// <summary>What makes an announcing sentence about the future rather than about what was done during the incident.</summary>
    [GeneratedRegex(@"\b(prevent|avoid|future|going forward|again|recurrences?|reoccurrences?|improve|planning|plan to|will|next steps?|follow[- ]?ups?|action items?|remediations?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex ForwardCue { get; }

    /// <summary>Replaces introducing paragraphs by headings in place; true when any was replaced.</summary>
    public static bool Promote(List<DocBlock> blocks, IReadOnlyList<Section> sections)
    {
        var covered = CoveredByActionables(blocks.Count, sections);
        var changed = false;
        // The role of the nearest heading above, read from the sections (one per heading, in order) rather than
        // classified again: this pass adds one walk over the blocks, no more pattern work per heading.
        var nearestRole = SectionRole.Other;
        var nextSection = 0;
        for (var i = 0; i + 1 < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Heading)
            {
                while (nextSection < sections.Count && sections[nextSection].HeadingIndex < i)
                {
                    nextSection++;
                }

                nearestRole = nextSection < sections.Count && sections[nextSection].HeadingIndex == i ? sections[nextSection].Role : SectionRole.Other;
                continue;
            }

            if (block.Kind == BlockKind.ListItem && !covered[i] && IsListLabel(block, blocks[i + 1]))
            {
                blocks[i] = DocBlock.Heading(7, block.Content, HeadingOrigin.ListLabel) with { RawLines = block.RawLines };
                changed = true;
                continue;
            }

            if (block.Kind != BlockKind.Paragraph || covered[i] || blocks[i + 1].Kind is not (BlockKind.ListItem or BlockKind.TableRow))
            {
                continue;
            }

            if (IsLabelLine(block))
            {
                blocks[i] = DocBlock.Heading(7, block.Content, HeadingOrigin.LabelLine) with { RawLines = block.RawLines };
                changed = true;
            }
            else if (nearestRole is not (SectionRole.Timeline or SectionRole.NotActionables or SectionRole.Scorecard)
                     && (IsLeadIn(block) || IsLeadInToCommitments(block, blocks, i + 1)))
            {
                blocks[i] = DocBlock.Heading(7, block.Content, HeadingOrigin.LeadIn) with { RawLines = block.RawLines };
                changed = true;
            }
        }

        return changed;
    }

    private static bool IsLabelLine(DocBlock block) =>
        block.RawLines.Count <= 1
        && TextTools.WordCount(block.Text) <= MaxLabelWords
        && SectionNames.Classify(block.Text) == SectionRole.Actionables;

    /// <summary>
    /// A list item that is nothing but a short actionables name, bold or ending in a colon, with a nested list
    /// right below it. Its text is the whole label: "- **Review actions**: add an alert" is an item, not a label.
    /// </summary>
    private static bool IsListLabel(DocBlock block, DocBlock next) =>
        next.Kind == BlockKind.ListItem && next.Level > block.Level
        && (block.Content.Bold || block.Text.TrimEnd().EndsWith(':'))
        && TextTools.WordCount(block.Text) <= MaxLabelWords
        && SectionNames.Classify(block.Text) == SectionRole.Actionables;

    private static bool IsLeadIn(DocBlock block)
    {
        var text = block.Text.TrimEnd();
        if (!text.EndsWith(':') || TextTools.WordCount(text) > 4 * MaxLeadInWords)
        {
            return false;
        }

        var sentences = ItemText.Sentences(text);
        var announcing = sentences.Count == 0 ? text : sentences[^1];
        return TextTools.WordCount(announcing) <= MaxLeadInWords && ForwardCue.IsMatch(announcing);
    }

    /// <summary>
    /// A lead-in that does not itself look forward ("The lessons that we are taking away from this incident are as
    /// follows:") over a list of at least two entries each of which commits the team to work ("We need to document
    /// …", "… we need to ensure they get deployed"): the list is actionables, whatever the lead-in calls it.
    /// </summary>
    private static bool IsLeadInToCommitments(DocBlock block, List<DocBlock> blocks, int listStart)
    {
        var text = block.Text.TrimEnd();
        if (!text.EndsWith(':') || TextTools.WordCount(text) > MaxLeadInWords || blocks[listStart].Kind != BlockKind.ListItem)
        {
            return false;
        }

        var level = blocks[listStart].Level;
        var entries = 0;
        for (var i = listStart; i < blocks.Count && blocks[i].Kind == BlockKind.ListItem && blocks[i].Level >= level; i++)
        {
            if (blocks[i].Level > level)
            {
                continue;
            }

            if (!Recommendation.CommitsTheTeam(blocks[i].Text))
            {
                return false;
            }

            entries++;
        }

        return entries >= 2;
    }

    /// <summary>Which blocks already lie in an actionables section, from the sections' ranges in one pass.</summary>
    private static bool[] CoveredByActionables(int count, IReadOnlyList<Section> sections)
    {
        var depthChange = new int[count + 1];
        foreach (var section in sections)
        {
            if (section.Role == SectionRole.Actionables)
            {
                depthChange[section.HeadingIndex]++;
                depthChange[Math.Min(section.End, count)]--;
            }
        }

        var covered = new bool[count];
        var depth = 0;
        for (var i = 0; i < count; i++)
        {
            depth += depthChange[i];
            covered[i] = depth > 0;
        }

        return covered;
    }
}
