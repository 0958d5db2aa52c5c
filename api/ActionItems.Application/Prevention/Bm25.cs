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
    private readonly HashSet<string> _evidence = new(StringComparer.Ordinal);

    /// <summary>The summed field weights of each term.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The word a term was first seen as, for showing a reviewer why a candidate matched.</summary>
    public IReadOnlyDictionary<string, string> Words => _words;

    /// <summary>
    /// Adds each term of the text at <paramref name="weight"/>, and each pair of adjacent terms
    /// (<see cref="Bm25.AdjacentPairTerm"/>) at <see cref="Bm25.AdjacentPairShare"/> of it, shown as the two words.
    /// </summary>
    public RankingQuery AddText(string? text, double weight)
    {
        string? previousTerm = null;
        string? previousWord = null;
        TextTerms.Read(text, (term, word) =>
        {
            Add(term, word, weight);
            if (previousTerm is not null)
            {
                Add(Bm25.AdjacentPairTerm(previousTerm, term), previousWord + " " + word, weight * Bm25.AdjacentPairShare);
            }
            (previousTerm, previousWord) = (term, word);
        });
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
            _evidence.Add(reference);
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
        if (!named.ByDateOnly)
        {
            _evidence.Add(term);
        }
        return this;
    }

    /// <summary>The incidents the query's postmortem names, each with its reference term.</summary>
    public IReadOnlyDictionary<long, string> NamedIncidentTerms => _namedIncidents;

    /// <summary>The reference term of a named incident; text never yields it (terms are letters and digits only).</summary>
    public static string NamedIncidentTerm(long incidentId) => "incident:" + incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether the term is evidence (a task or incident the postmortem names) rather than a word: its weight is what
    /// it is declared to be, not a count of repetitions, so query-term saturation does not apply to it.
    /// </summary>
    public bool IsEvidence(string term) => _evidence.Contains(term);

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
    /// The tracker tasks the item is linked to or its text referenced, as reference terms
    /// (<see cref="TextTerms.ReferenceOfRemoteId"/>), and the term of its incident, which a query carries when its
    /// postmortem names that incident (<see cref="RankingQuery.NamedIncidentTerm"/>); the tasks its title and description
    /// name are found by <see cref="Bm25"/> itself.
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

    /// <summary>
    /// Two terms next to each other in one field ("notifications of downtime" gives <c>notification downtim</c>, stop
    /// words skipped) are a term of their own at this share of the field's weight, on both sides: a phrase the incident
    /// and an item both write says more than the same two words scattered through them. A share, not a full weight, as
    /// the pair repeats words that already count; a pair adds nothing to a document's length for the same reason.
    /// </summary>
    public const double AdjacentPairShare = 0.5;

    /// <summary>At most this many characters of a description are read; the start says what the task is.</summary>
    public const int DescriptionCharacters = 4000;

    /// <summary>How many matched words a candidate shows, strongest first.</summary>
    public const int MatchedTermsShown = 8;

    /// <summary>The term of two adjacent terms (<see cref="AdjacentPairShare"/>); a space never occurs in a term of text.</summary>
    public static string AdjacentPairTerm(string first, string second) => first + " " + second;

    /// <summary>The <paramref name="first"/> documents with a positive score, best first (ties by id, oldest first).</summary>
    public static IReadOnlyList<RankedDocument> Rank(RankingQuery query, IReadOnlyList<RankingDocument> documents, int first)
    {
        if (documents.Count == 0 || query.Weights.Count == 0 || first <= 0)
        {
            return [];
        }
        // Only the query's terms are ever looked up, so only they need posting lists.
        var index = new RankingIndex(query.Weights.Keys);
        foreach (var document in documents)
        {
            index.Add(document);
        }
        var pool = new bool[index.SlotCount];
        Array.Fill(pool, true);
        return Rank(query, index, pool, first);
    }

    /// <summary>
    /// The <paramref name="first"/> documents of the pool (the slots marked in <paramref name="pool"/>) with a positive
    /// score, best first (ties by id, oldest first). N, document frequencies and the average length are counted over
    /// the pool alone, as if it were the only documents there are; only the postings of the query's terms are read.
    /// </summary>
    public static IReadOnlyList<RankedDocument> Rank(RankingQuery query, RankingIndex index, bool[] pool, int first)
    {
        if (query.Weights.Count == 0 || first <= 0)
        {
            return [];
        }
        var lengths = index.Lengths;
        var poolSize = 0;
        var totalLength = 0.0;
        for (var slot = 0; slot < lengths.Length; slot++)
        {
            if (pool[slot])
            {
                poolSize++;
                totalLength += lengths[slot];
            }
        }
        if (poolSize == 0)
        {
            return [];
        }
        var averageLength = Math.Max(totalLength / poolSize, 1e-9);

        // Each pooled slot's length normalisation once, rather than once per posting (a common term has tens of
        // thousands); the same expression as before, so the same value.
        var scratch = index.Buffers;
        var normalisations = scratch.Normalisations;
        for (var slot = 0; slot < lengths.Length; slot++)
        {
            if (pool[slot])
            {
                normalisations[slot] = K1 * (1 - B + B * lengths[slot] / averageLength);
            }
        }

        // The query's terms that some pooled document holds (a term no document holds matches nothing), each with its
        // query weight times IDF: the first factors of every contribution.
        var terms = new List<(int TermId, double WeightedIdf)>(query.Weights.Count);
        foreach (var (term, weight) in query.Weights)
        {
            var termId = index.TermId(term);
            if (termId < 0)
            {
                continue;
            }
            var documentFrequency = 0;
            foreach (var posting in index.PostingsOf(termId))
            {
                if (pool[posting.Slot])
                {
                    documentFrequency++;
                }
            }
            if (documentFrequency == 0)
            {
                continue;
            }
            // The non-negative IDF (as Lucene's): a term in more than half the pool still counts a little, never against.
            var idf = Math.Log(1 + (poolSize - documentFrequency + 0.5) / (documentFrequency + 0.5));
            var queryWeight = query.IsEvidence(term) ? weight : weight * (K3 + 1) / (weight + K3);
            terms.Add((termId, queryWeight * idf));
        }

        // Every contribution is positive, so a score of 0 means "not matched yet". The scores are left zeroed for the
        // next ranking: only the matched slots were written.
        var scores = scratch.Scores;
        var matched = scratch.Matched;
        matched.Clear();
        foreach (var (termId, weightedIdf) in terms)
        {
            foreach (var posting in index.PostingsOf(termId))
            {
                var slot = posting.Slot;
                if (!pool[slot])
                {
                    continue;
                }
                if (scores[slot] == 0)
                {
                    matched.Add(slot);
                }
                double tf = posting.Frequency;
                scores[slot] += weightedIdf * tf * (K1 + 1) / (tf + normalisations[slot]);
            }
        }

        var best = Best(matched, first, scores, index);
        var ranked = new List<RankedDocument>(best.Count);
        foreach (var slot in best)
        {
            ranked.Add(new RankedDocument(index.IdOf(slot), scores[slot], MatchedWords(query, index, terms, slot, normalisations[slot])));
        }
        foreach (var slot in matched)
        {
            scores[slot] = 0;
        }
        return ranked;
    }

    /// <summary>
    /// The words shown for one of the best documents, strongest contribution first: each query term's posting of that
    /// slot found by binary search (a posting list is in slot order, as slots are handed out in order).
    /// </summary>
    private static List<string> MatchedWords(RankingQuery query, RankingIndex index, List<(int TermId, double WeightedIdf)> terms, int slot,
        double normalisation)
    {
        var contributions = new List<(double Contribution, string Term)>();
        foreach (var (termId, weightedIdf) in terms)
        {
            if (index.FrequencyIn(termId, slot) is { } frequency)
            {
                double tf = frequency;
                contributions.Add((weightedIdf * tf * (K1 + 1) / (tf + normalisation), index.Term(termId)));
            }
        }
        return [.. contributions
            .OrderByDescending(p => p.Contribution).ThenBy(p => p.Term, StringComparer.Ordinal)
            .Take(MatchedTermsShown).Select(p => query.Words[p.Term])];
    }

    /// <summary>The <paramref name="count"/> best slots in order (higher score, then lower id), without sorting all of them.</summary>
    private static List<int> Best(List<int> slots, int count, double[] scores, RankingIndex index)
    {
        var best = new List<int>(Math.Min(count, slots.Count) + 1);
        foreach (var slot in slots)
        {
            if (best.Count == count && !Better(slot, best[^1], scores, index))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && Better(slot, best[at - 1], scores, index))
            {
                at--;
            }
            best.Insert(at, slot);
            if (best.Count > count)
            {
                best.RemoveAt(best.Count - 1);
            }
        }
        return best;
    }

    private static bool Better(int slot, int than, double[] scores, RankingIndex index) =>
        scores[slot] > scores[than] || scores[slot] == scores[than] && index.IdOf(slot) < index.IdOf(than);

    /// <summary>
    /// Counts one document's terms into <paramref name="counter"/> with the BM25F field weights: title, description (its
    /// first <see cref="DescriptionCharacters"/>), its incident's title, tags as <c>#tag</c> terms, reference terms.
    /// Every term adds to the length; the counter keeps the weighted frequency of each.
    /// </summary>
    internal static void CountDocument(RankingDocument document, RankingIndex.DocumentCounter counter)
    {
        var field = new FieldTerms(counter);
        counter.Weight = DocumentTitleWeight;
        field.Read(document.Title);
        var description = document.Description;
        if (description is { Length: > DescriptionCharacters })
        {
            description = description[..DescriptionCharacters];
        }
        counter.Weight = DocumentDescriptionWeight;
        field.Read(description);
        counter.Weight = DocumentIncidentTitleWeight;
        field.Read(document.IncidentTitle);
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
    }

    /// <summary>
    /// Counts a field's terms at the counter's weight and each pair of adjacent terms at <see cref="AdjacentPairShare"/>
    /// of it, without adding the pairs to the length. The pair is built in a buffer, so a pair the index already holds
    /// costs no string.
    /// </summary>
    private struct FieldTerms(RankingIndex.DocumentCounter counter)
    {
        private static readonly TextTerms.TermHandler<FieldTerms> CountTermAndPair =
            static (ref FieldTerms field, ReadOnlySpan<char> term, ReadOnlySpan<char> _) => field.Count(term);

        // A term is at most TextTerms' longest word (40 characters): two and a space fit.
        private readonly char[] _pair = new char[128];
        private int _previousLength;

        public void Read(string? text)
        {
            _previousLength = 0;
            TextTerms.Read(text, ref this, CountTermAndPair);
        }

        private void Count(ReadOnlySpan<char> term)
        {
            counter.CountTerm(term);
            if (_previousLength > 0)
            {
                var pair = _pair.AsSpan(0, _previousLength + 1 + term.Length);
                pair[_previousLength] = ' ';
                term.CopyTo(pair[(_previousLength + 1)..]);
                var (weight, length) = (counter.Weight, counter.Length);
                counter.Weight = weight * AdjacentPairShare;
                counter.CountTerm(pair);
                (counter.Weight, counter.Length) = (weight, length);
            }
            term.CopyTo(_pair);
            _previousLength = term.Length;
        }
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
}
