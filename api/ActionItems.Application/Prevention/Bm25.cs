namespace ActionItems.Application.Prevention;

/// <summary>
/// What an incident is about, as weighted terms: each field's text adds its weight to every term it contains, so a
/// term in the title counts more than one in a timeline line. Tags are terms of their own ("#network").
/// </summary>
public sealed class RankingQuery
{
    private readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _namedIncidents = [];

    /// <summary>The summed field weights of each term.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The word a term was first seen as, for showing a reviewer why a candidate matched.</summary>
    public IReadOnlyDictionary<string, string> Words => _words;

    public RankingQuery AddText(string? text, double weight)
    {
        TextTerms.Read(text, (term, word) => Add(term, word, weight));
        return this;
    }

    public RankingQuery AddTags(IEnumerable<string> tags, double weight)
    {
        foreach (var tag in tags)
        {
            var term = TagTerm(tag);
            Add(term, term, weight);
        }
        return this;
    }

    /// <summary>Reference terms (<see cref="TextTerms.References"/>): the tracker tasks the incident names.</summary>
    public RankingQuery AddReferences(IEnumerable<string> references, double weight)
    {
        foreach (var reference in references)
        {
            Add(reference, reference, weight);
        }
        return this;
    }

    /// <summary>
    /// An incident this incident's postmortem names (<see cref="Prevention.NamedIncidents"/>), as a reference term its items carry
    /// too (<see cref="NamedIncidentTerm"/>); the word shown is the evidence ("names incident 2019-11-29 … (link to its
    /// report)"), so a reviewer sees why an item of that incident ranks high.
    /// </summary>
    public RankingQuery AddNamedIncident(NamedIncident named, double weight)
    {
        var term = NamedIncidentTerm(named.IncidentId);
        _namedIncidents[named.IncidentId] = term;
        Add(term, named.Evidence, weight);
        return this;
    }

    /// <summary>The incidents the query's postmortem names, each with its reference term.</summary>
    public IReadOnlyDictionary<long, string> NamedIncidentTerms => _namedIncidents;

    /// <summary>The reference term of a named incident; text never yields it (terms are letters and digits only).</summary>
    public static string NamedIncidentTerm(long incidentId) => "incident:" + incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string TagTerm(string tag) => "#" + tag.Trim().ToLowerInvariant();

    private void Add(string term, string word, double weight)
    {
        _weights[term] = _weights.GetValueOrDefault(term) + weight;
        _words.TryAdd(term, word);
    }
}

/// <summary>A candidate's text: its title, description, tags, and the title of the incident it came from.</summary>
public sealed record RankingDocument(long Id, string Title, string? Description, IReadOnlyList<string> Tags, string? IncidentTitle)
{
    /// <summary>
    /// The tracker tasks the item is linked to, as reference terms (<see cref="TextTerms.ReferenceOfRemoteId"/>), and the
    /// term of its incident when the query's postmortem names that incident (<see cref="RankingQuery.NamedIncidentTerm"/>);
    /// the tasks its title and description name are found by <see cref="Bm25.Rank"/> itself.
    /// </summary>
    public IReadOnlyList<string> References { get; init; } = [];
}

public sealed record RankedDocument(long Id, double Score, IReadOnlyList<string> MatchedTerms);

/// <summary>
/// Okapi BM25 over a candidate pool, with field weights on both sides (BM25F-style term frequencies on the document
/// side, Robertson's saturating query-term weight on the query side). IDF is computed over the pool itself: a term
/// every open item shares ("incident", "service") tells candidates apart no better than chance. docs/prevention.md.
/// </summary>
public static class Bm25
{
    /// <summary>Term-frequency saturation: the second mention of a word in an item adds less than the first.</summary>
    public const double K1 = 1.2;

    /// <summary>Length normalisation: a long description matching once is weaker evidence than a short title doing so.</summary>
    public const double B = 0.75;

    /// <summary>Query-term saturation: a word the timeline repeats 30 times must not outweigh everything else.</summary>
    public const double K3 = 2.0;

    public const double DocumentTitleWeight = 2.0;
    public const double DocumentDescriptionWeight = 1.0;
    public const double DocumentTagWeight = 2.0;
    public const double DocumentIncidentTitleWeight = 1.0;
    public const double DocumentReferenceWeight = 4.0;

    /// <summary>At most this many characters of a description are read; the start says what the task is.</summary>
    public const int DescriptionCharacters = 4000;

    /// <summary>How many matched words a candidate shows, strongest first.</summary>
    public const int MatchedTermsShown = 8;

    /// <summary>The <paramref name="first"/> documents with a positive score, best first (ties by id, oldest first).</summary>
    public static IReadOnlyList<RankedDocument> Rank(RankingQuery query, IReadOnlyList<RankingDocument> documents, int first)
    {
        if (documents.Count == 0 || query.Weights.Count == 0 || first <= 0)
        {
            return [];
        }
        // Only the query's terms are counted per document; every other word only adds to its length.
        var termIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in query.Weights.Keys)
        {
            termIndex[term] = termIndex.Count;
        }
        var termCount = termIndex.Count;
        var counter = new DocumentCounter(termIndex);
        var frequencies = new Dictionary<int, (int Term, double Frequency)[]>();
        var lengths = new double[documents.Count];
        var documentFrequency = new int[termCount];
        var totalLength = 0.0;
        for (var d = 0; d < documents.Count; d++)
        {
            var document = documents[d];
            counter.Start();
            counter.Weight = DocumentTitleWeight;
            TextTerms.Read(document.Title, ref counter, DocumentCounter.Count);
            var description = document.Description;
            if (description is { Length: > DescriptionCharacters })
            {
                description = description[..DescriptionCharacters];
            }
            counter.Weight = DocumentDescriptionWeight;
            TextTerms.Read(description, ref counter, DocumentCounter.Count);
            counter.Weight = DocumentIncidentTitleWeight;
            TextTerms.Read(document.IncidentTitle, ref counter, DocumentCounter.Count);
            counter.Weight = DocumentTagWeight;
            foreach (var tag in document.Tags)
            {
                counter.CountTerm(RankingQuery.TagTerm(tag));
            }
            counter.Weight = DocumentReferenceWeight;
            foreach (var reference in DocumentReferences(document, description))
            {
                counter.CountTerm(reference);
            }
            lengths[d] = counter.Length;
            totalLength += counter.Length;
            if (counter.Matched.Count > 0)
            {
                var counts = new (int Term, double Frequency)[counter.Matched.Count];
                for (var k = 0; k < counts.Length; k++)
                {
                    var t = counter.Matched[k];
                    counts[k] = (t, counter.Frequencies[t]);
                    documentFrequency[t]++;
                }
                frequencies[d] = counts;
            }
        }

        var terms = new string[termCount];
        var queryWeights = new double[termCount];
        var idf = new double[termCount];
        foreach (var (term, t) in termIndex)
        {
            terms[t] = term;
            var weight = query.Weights[term];
            queryWeights[t] = weight * (K3 + 1) / (weight + K3);
            // The non-negative IDF (as Lucene's): a term in more than half the pool still counts a little, never against.
            idf[t] = Math.Log(1 + (documents.Count - documentFrequency[t] + 0.5) / (documentFrequency[t] + 0.5));
        }
        var averageLength = Math.Max(totalLength / documents.Count, 1e-9);

        double Contribution(int d, int t, double tf) =>
            queryWeights[t] * idf[t] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[d] / averageLength));

        var scored = new List<(int Document, double Score)>(frequencies.Count);
        foreach (var (d, counts) in frequencies)
        {
            var score = 0.0;
            foreach (var (t, tf) in counts)
            {
                score += Contribution(d, t, tf);
            }
            scored.Add((d, score));
        }
        return [.. scored
            .OrderByDescending(s => s.Score).ThenBy(s => documents[s.Document].Id)
            .Take(first)
            .Select(s => new RankedDocument(documents[s.Document].Id, s.Score,
                [.. frequencies[s.Document]
                    .Select(f => (f.Term, Contribution: Contribution(s.Document, f.Term, f.Frequency)))
                    .OrderByDescending(p => p.Contribution).ThenBy(p => terms[p.Term], StringComparer.Ordinal)
                    .Take(MatchedTermsShown).Select(p => query.Words[terms[p.Term]])]))];
    }

    /// <summary>The item's linked tasks and the GitHub issues its text names, each once.</summary>
    private static IReadOnlyCollection<string> DocumentReferences(RankingDocument document, string? description)
    {
        // Most titles and descriptions name no issue: the regular expression runs, and a set is built, only where one can.
        var inTitle = MayNameIssue(document.Title) ? TextTerms.References(document.Title) : null;
        var inDescription = MayNameIssue(description) ? TextTerms.References(description) : null;
        if (inTitle is not { Count: > 0 } && inDescription is not { Count: > 0 })
        {
            return document.References;
        }
        var references = new HashSet<string>(document.References, StringComparer.Ordinal);
        references.UnionWith(inTitle ?? []);
        references.UnionWith(inDescription ?? []);
        return references;
    }

    private static bool MayNameIssue(string? text) => text is not null && text.Contains('#') || text is not null && text.Contains("github.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>One document's weighted term frequencies over the query's terms, reused from document to document.</summary>
    private struct DocumentCounter(Dictionary<string, int> termIndex)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms = termIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly Dictionary<string, int> _byName = termIndex;

        public readonly double[] Frequencies = new double[termIndex.Count];
        public readonly List<int> Matched = [];
        public double Length;
        public double Weight;

        public static readonly TextTerms.TermHandler<DocumentCounter> Count =
            static (ref DocumentCounter counter, ReadOnlySpan<char> term, ReadOnlySpan<char> _) =>
            {
                counter.Length += counter.Weight;
                if (counter._terms.TryGetValue(term, out var t))
                {
                    counter.Add(t);
                }
            };

        public void Start()
        {
            foreach (var t in Matched)
            {
                Frequencies[t] = 0;
            }
            Matched.Clear();
            Length = 0;
        }

        public void CountTerm(string term)
        {
            Length += Weight;
            if (_byName.TryGetValue(term, out var t))
            {
                Add(t);
            }
        }

        private readonly void Add(int t)
        {
            if (Frequencies[t] == 0)
            {
                Matched.Add(t);
            }
            Frequencies[t] += Weight;
        }
    }
}
