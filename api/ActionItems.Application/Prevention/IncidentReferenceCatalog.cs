namespace ActionItems.Application.Prevention;

/// <summary>
/// Every incident's <see cref="IncidentReferenceKey"/> with what the rules of <see cref="NamedIncidents"/> read from it —
/// its file stem, leading identifier, normalised title, file-name title — and the incidents by each. Built once per
/// refresh of the incident index, so a request looks a name up instead of normalising every incident's title and file
/// name again (at 10,000 incidents that was most of a similar-incidents request). Never changed once built.
/// </summary>
public sealed class IncidentReferenceCatalog
{
    /// <summary>
    /// One incident and the forms other postmortems name it by, null where it has none: its source's file stem, the
    /// identifier leading its title or stem, its normalised title when that has enough terms to be named by
    /// (<see cref="NamedIncidents.MinTitleTerms"/>), and the title its file name gives.
    /// </summary>
    public sealed record Entry(IncidentReferenceKey Key, string? Stem, string? TitleIdentifier, string? StemIdentifier, string? TitleKey, string? FileTitle)
    {
        public static Entry Of(IncidentReferenceKey key)
        {
            var stem = NamedIncidents.SourceStem(key.Source);
            var title = TextTerms.Of(key.Title).Count >= NamedIncidents.MinTitleTerms ? NamedIncidents.Normalise(key.Title, ' ') : null;
            return new Entry(key, stem, NamedIncidents.LeadingIdentifier(key.Title), NamedIncidents.LeadingIdentifier(stem), title,
                NamedIncidents.FileTitle(key.Source));
        }
    }

    public static IncidentReferenceCatalog Empty { get; } = new([]);

    private readonly Dictionary<long, Entry> _byId;

    public IncidentReferenceCatalog(IEnumerable<IncidentReferenceKey> keys)
    {
        _byId = keys.Select(Entry.Of).ToDictionary(e => e.Key.Id);
        var entries = _byId.Values;
        ByStem = entries.Where(e => e.Stem is not null).ToLookup(e => e.Stem!, StringComparer.Ordinal);
        ByIdentifier = entries.Select(e => (Identifier: e.TitleIdentifier ?? e.StemIdentifier, Entry: e)).Where(x => x.Identifier is not null)
            .ToLookup(x => x.Identifier!, x => x.Entry, StringComparer.Ordinal);
        ByTitle = entries.Where(e => e.TitleKey is not null).ToLookup(e => e.TitleKey!, StringComparer.Ordinal);
        TitlesStartingWith = ByTitle.Select(g => g.Key).ToLookup(FirstTwoWords, StringComparer.Ordinal);
        ByFileTitle = entries.Where(e => e.FileTitle is not null).ToLookup(e => e.FileTitle!, StringComparer.Ordinal);
        ByDate = entries.Where(e => e.Key.Date is not null).ToLookup(e => e.Key.Date!.Value);
        EarliestDate = entries.Min(e => e.Key.Date);
    }

    internal Entry? Find(long incidentId) => _byId.GetValueOrDefault(incidentId);

    internal ILookup<string, Entry> ByStem { get; }

    /// <summary>By the identifier leading the title, else the file stem ("PM2019-009 - …" → "pm2019009").</summary>
    internal ILookup<string, Entry> ByIdentifier { get; }

    internal ILookup<string, Entry> ByTitle { get; }

    /// <summary>The title keys by their first two words: a document's pair of words finds the titles that may follow it.</summary>
    internal ILookup<string, string> TitlesStartingWith { get; }

    internal ILookup<string, Entry> ByFileTitle { get; }

    internal ILookup<DateOnly, Entry> ByDate { get; }

    internal DateOnly? EarliestDate { get; }

    /// <summary>The one incident other than <paramref name="self"/> among <paramref name="entries"/>, or null: a key several others share names none of them.</summary>
    internal static IncidentReferenceKey? OnlyOther(IEnumerable<Entry> entries, Entry self)
    {
        IncidentReferenceKey? other = null;
        foreach (var entry in entries)
        {
            if (entry.Key.Id == self.Key.Id)
            {
                continue;
            }
            if (other is not null)
            {
                return null;
            }
            other = entry.Key;
        }
        return other;
    }

    private static string FirstTwoWords(string title)
    {
        var first = title.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : title.IndexOf(' ', first + 1);
        return second < 0 ? title : title[..second];
    }
}
