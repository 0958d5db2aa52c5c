namespace ActionItems.Core.Extraction;

/// <summary>
/// A YAML (<c>---</c>) or TOML (<c>+++</c>) block at the very top of a Markdown post: metadata for the site
/// generator, never text of the postmortem. Left in, Markdown reads <c>---</c> / <c>title: …</c> / <c>---</c> as a
/// setext heading (which then becomes the incident title) and the format detector sees a page of <c>key: value</c>
/// lines; read out, its title and date are the post's own metadata (issue 18).
/// </summary>
internal sealed record FrontMatter(IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A block longer than this is not front matter but a document that happens to start with a rule.</summary>
    private const int MaxLines = 80;

    /// <summary>Keys that name the incident's own date, best first.</summary>
    private static readonly string[] DateKeys = ["incident_date", "incident-date", "incidentdate", "date"];

    public static FrontMatter None { get; } = new(new Dictionary<string, string>());

    public string? Title => Get("title") ?? Get("heading");

    public DateOnly? Date => DateKeys.Select(Get).Where(v => v is not null).Select(v => IncidentDates.FirstIn(v!)).FirstOrDefault(d => d is not null);

    private string? Get(string key) => Fields.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// Splits off the front matter. The block's lines are replaced by empty lines, so the text keeps its line
    /// numbers and the readers see nothing of it. Text without a well-formed block comes back unchanged.
    /// </summary>
    public static (string Text, FrontMatter FrontMatter) Split(string text)
    {
        var fence = text.StartsWith("---\n", StringComparison.Ordinal) ? "---"
            : text.StartsWith("+++\n", StringComparison.Ordinal) ? "+++"
            : null;
        if (fence is null)
        {
            return (text, None);
        }

        var lines = text.Split('\n');
        var close = -1;
        for (var i = 1; i < lines.Length && i <= MaxLines; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == fence || (fence == "---" && line == "..."))
            {
                close = i;
                break;
            }
        }

        if (close < 2)
        {
            return (text, None);
        }

        var separator = fence == "---" ? ':' : '=';
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var keyed = 0;
        for (var i = 1; i < close; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line.StartsWith('#') || line.StartsWith('-') || line.StartsWith('['))
            {
                continue; // nested values, list entries, comments and TOML tables carry nothing the extractor reads
            }

            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            keyed++;
            var key = line[..at].Trim().Trim('"', '\'');
            var value = Unquote(line[(at + 1)..].Trim());
            fields.TryAdd(key, value);
        }

        // A rule, a paragraph and a rule again is Markdown, not metadata: every real block has key lines.
        if (keyed == 0)
        {
            return (text, None);
        }

        for (var i = 0; i <= close; i++)
        {
            lines[i] = "";
        }

        return (string.Join('\n', lines), new FrontMatter(fields));
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
        {
            return value[1..^1].Trim();
        }

        return value;
    }
}
