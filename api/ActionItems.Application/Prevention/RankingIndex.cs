using System.Runtime.InteropServices;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Documents tokenised once (<see cref="Bm25.CountDocument"/>): each one's BM25F length, and per term the documents
/// holding it with their weighted frequency (a posting list). Ranking then touches only the postings of the query's
/// terms instead of re-reading every document's text (docs/prevention.md, "The candidate index").
/// A document is replaced by adding it again (a new slot) and retiring the old slot: its postings stay behind, and a
/// retired slot is never in a pool, so removal never has to search a long posting list. Not thread-safe: its owner
/// serialises changes and rankings.
/// </summary>
public sealed class RankingIndex
{
    /// <summary>One document holding a term: its slot and the term's weighted frequency in it.</summary>
    /// <remarks>The frequency is a sum of a few small field weights, which a float holds exactly; half the memory of a double.</remarks>
    public readonly record struct Posting(int Slot, float Frequency);

    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termSpans;
    private readonly List<string> _terms = [];
    private readonly List<List<Posting>> _postings = [];
    private readonly List<long> _ids = [];
    private readonly List<double> _lengths = [];
    private readonly List<bool> _retired = [];
    private readonly DocumentCounter _counter;
    private readonly Scratch _scratch = new();

    /// <summary>Whether the terms were fixed at construction: a document's other terms add to its length only.</summary>
    private readonly bool _vocabularyFixed;

    /// <summary>An index of every term its documents hold (the candidate index: any later query may ask for any term).</summary>
    public RankingIndex()
    {
        _termSpans = _termIds.GetAlternateLookup<ReadOnlySpan<char>>();
        _counter = new DocumentCounter(this);
    }

    /// <summary>
    /// An index for one query's terms only (<see cref="Bm25.Rank(RankingQuery, IReadOnlyList{RankingDocument}, int)"/>):
    /// other terms count towards a document's length but get no posting list, as they never add to a score. Interning
    /// every distinct word of thousands of long documents for one ranking made it several times slower.
    /// </summary>
    public RankingIndex(IEnumerable<string> vocabulary) : this()
    {
        foreach (var term in vocabulary)
        {
            TermIdAdding(term);
        }
        _vocabularyFixed = true;
    }

    /// <summary>Slots ever handed out, retired ones included: the size of a pool mask.</summary>
    public int SlotCount => _ids.Count;

    public int RetiredCount { get; private set; }

    public long IdOf(int slot) => _ids[slot];

    public double LengthOf(int slot) => _lengths[slot];

    /// <summary>Every slot's length, retired ones included.</summary>
    public ReadOnlySpan<double> Lengths => CollectionsMarshal.AsSpan(_lengths);

    public bool IsRetired(int slot) => _retired[slot];

    /// <summary>The term's id, or -1 when no document ever held it.</summary>
    public int TermId(string term) => _termIds.GetValueOrDefault(term, -1);

    public string Term(int termId) => _terms[termId];

    /// <summary>The term's postings, in slot order (slots are handed out in order and a document's postings added at once).</summary>
    public ReadOnlySpan<Posting> PostingsOf(int termId) => CollectionsMarshal.AsSpan(_postings[termId]);

    /// <summary>The term's weighted frequency in the slot's document, or null when it does not hold the term.</summary>
    public float? FrequencyIn(int termId, int slot)
    {
        var postings = PostingsOf(termId);
        var (low, high) = (0, postings.Length - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var at = postings[middle].Slot;
            if (at == slot)
            {
                return postings[middle].Frequency;
            }
            (low, high) = at < slot ? (middle + 1, high) : (low, middle - 1);
        }
        return null;
    }

    /// <summary>
    /// Buffers a ranking reuses (one slot each), so a ranking over 100,000 slots does not allocate two arrays of that
    /// size per request. Safe because rankings and changes are serialised by the owner.
    /// </summary>
    internal Scratch Buffers
    {
        get
        {
            _scratch.Fit(SlotCount);
            return _scratch;
        }
    }

    /// <summary>Tokenises the document and returns its slot.</summary>
    public int Add(RankingDocument document)
    {
        var slot = _ids.Count;
        _counter.Start();
        Bm25.CountDocument(document, _counter);
        _ids.Add(document.Id);
        _lengths.Add(_counter.Length);
        _retired.Add(false);
        foreach (var t in _counter.Matched)
        {
            _postings[t].Add(new Posting(slot, (float)_counter.Frequencies[t]));
        }
        return slot;
    }

    /// <summary>The slot's document is gone or replaced: it never enters a pool again.</summary>
    public void Retire(int slot)
    {
        if (!_retired[slot])
        {
            _retired[slot] = true;
            RetiredCount++;
        }
    }

    /// <summary>The term's id, added if new; -1 for a term outside a fixed vocabulary.</summary>
    private int TermIdAdding(ReadOnlySpan<char> term)
    {
        if (_termSpans.TryGetValue(term, out var id))
        {
            return id;
        }
        if (_vocabularyFixed)
        {
            return -1;
        }
        var text = new string(term);
        id = _terms.Count;
        _termIds.Add(text, id);
        _terms.Add(text);
        _postings.Add([]);
        return id;
    }

    /// <summary>Per-slot buffers of a ranking: scores (all zero between rankings), length normalisations, matched slots.</summary>
    internal sealed class Scratch
    {
        public double[] Scores = [];
        public double[] Normalisations = [];
        public readonly List<int> Matched = [];

        public void Fit(int slots)
        {
            if (Scores.Length < slots)
            {
                // Resizing keeps the zeros and zero-fills the rest.
                Array.Resize(ref Scores, Math.Max(slots, Scores.Length * 5 / 4));
                Array.Resize(ref Normalisations, Scores.Length);
            }
        }
    }

    /// <summary>One document's weighted term frequencies and length, reused from document to document.</summary>
    internal sealed class DocumentCounter(RankingIndex index)
    {
        public double[] Frequencies = new double[1024];
        public readonly List<int> Matched = [];
        public double Length;
        public double Weight;

        public static readonly TextTerms.TermHandler<DocumentCounter> Count =
            static (ref DocumentCounter counter, ReadOnlySpan<char> term, ReadOnlySpan<char> _) => counter.CountTerm(term);

        public void Start()
        {
            foreach (var t in Matched)
            {
                Frequencies[t] = 0;
            }
            Matched.Clear();
            Length = 0;
        }

        public void CountTerm(ReadOnlySpan<char> term)
        {
            Length += Weight;
            var t = index.TermIdAdding(term);
            if (t < 0)
            {
                return;
            }
            if (t >= Frequencies.Length)
            {
                Array.Resize(ref Frequencies, Math.Max(t + 1, Frequencies.Length * 2));
            }
            if (Frequencies[t] == 0)
            {
                Matched.Add(t);
            }
            Frequencies[t] += Weight;
        }
    }
}
