namespace ActionItems.Core.Extraction;

/// <summary>A heading and the blocks under it, up to the next heading at the same level or above.</summary>
internal sealed record Section(int HeadingIndex, DocBlock Heading, SectionRole Role, int End)
{
    public int Start => HeadingIndex + 1;
    public string Name => Heading.Text;
}

internal static class SectionIndex
{
    public static List<Section> Build(IReadOnlyList<DocBlock> blocks)
    {
        var sections = new List<Section>();
        var headings = new List<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Kind == BlockKind.Heading)
            {
                headings.Add(i);
            }
        }

        for (var h = 0; h < headings.Count; h++)
        {
            var index = headings[h];
            var heading = blocks[index];
            // A lead-in sentence is no name; it was made a heading only because it announces actionables.
            var role = heading.HeadingOrigin == HeadingOrigin.LeadIn ? SectionRole.Actionables : SectionNames.Classify(heading.Text);
            var end = blocks.Count;
            for (var next = h + 1; next < headings.Count; next++)
            {
                var candidate = blocks[headings[next]];
                if (EndsSection(role, heading, candidate))
                {
                    end = headings[next];
                    break;
                }
            }

            if (heading.HeadingOrigin == HeadingOrigin.ListLabel)
            {
                end = Math.Min(end, EndOfNestedList(blocks, index));
            }

            sections.Add(new Section(index, heading, role, end));
        }

        return sections;
    }

    /// <summary>A list label's section is the list nested under it: it ends at the first block that is not nested as deep.</summary>
    private static int EndOfNestedList(IReadOnlyList<DocBlock> blocks, int labelIndex)
    {
        var end = labelIndex + 1;
        if (end >= blocks.Count || blocks[end].Kind != BlockKind.ListItem)
        {
            return end;
        }

        var nestedLevel = blocks[end].Level;
        while (end < blocks.Count && blocks[end].Kind == BlockKind.ListItem && blocks[end].Level >= nestedLevel)
        {
            end++;
        }

        return end;
    }

    private static bool EndsSection(SectionRole role, DocBlock heading, DocBlock candidate)
    {
        var candidateRole = SectionNames.Classify(candidate.Text);
        if (role == SectionRole.Actionables)
        {
            // "Completed" / "Long term" sort items inside the section; a named section such as
            // "Lessons learned" or "Scorecard" always ends it, whatever its markup level.
            if (SectionNames.IsItemGroup(candidate.Text))
            {
                return false;
            }

            if (candidateRole is not SectionRole.Other and not SectionRole.Actionables)
            {
                return true;
            }
        }

        if (candidate.Level <= heading.Level)
        {
            return true;
        }

        // A rendered page's inferred headings are all one level; a known name closes whatever came before.
        return heading.HeadingOrigin == HeadingOrigin.Inferred && candidate.HeadingOrigin == HeadingOrigin.Inferred;
    }
}
