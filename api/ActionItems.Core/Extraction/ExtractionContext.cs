namespace ActionItems.Core.Extraction;

/// <summary>State shared by the readers and analysers of one extraction: warnings and safety limits.</summary>
internal sealed class ExtractionContext
{
    /// <summary>Deeper nesting than this is flattened; real postmortems rarely go past four levels.</summary>
    public const int MaxListDepth = 32;

    private readonly List<string> _warnings = [];
    private bool _depthWarned;

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Whether the document has a section actionables are read from (even an empty one).</summary>
    public bool FoundActionablesSection { get; set; }

    public void Warn(string warning)
    {
        if (!_warnings.Contains(warning) && _warnings.Count < 100)
        {
            _warnings.Add(warning);
        }
    }

    public int ClampDepth(int depth)
    {
        if (depth <= MaxListDepth)
        {
            return depth;
        }

        NoteFlattened();
        return MaxListDepth;
    }

    /// <summary>Records (once) that lists nested deeper than <see cref="MaxListDepth"/> were flattened to it.</summary>
    public void NoteFlattened()
    {
        if (!_depthWarned)
        {
            _depthWarned = true;
            Warn($"lists nested deeper than {MaxListDepth} levels were flattened");
        }
    }
}
