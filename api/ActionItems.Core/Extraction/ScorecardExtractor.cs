using System.Text.RegularExpressions;
using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Reads the incident scorecard in the layouts it comes in: a table (wikitext, HTML, Markdown), pasted
/// tab-separated lines, or a rendered page where each row became a line of text.
/// </summary>
internal sealed partial class ScorecardExtractor
{
    [GeneratedRegex(@"^(people|process|tooling)\b\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex CategoryPrefix { get; }
    [GeneratedRegex(@"^(.*\S)\s+(yes|no|unsure|unknown|n/a|na|y|n)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TrailingAnswer { get; }
    [GeneratedRegex(@"^[-•*]?\s*(yes|no|unsure|unknown|n/a|na|y|n|-)(\s+(.*))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex AnswerLine { get; }
    [GeneratedRegex(@"\banswer [""“”']?(yes|no)[""“”']? if\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex Instruction { get; }
    [GeneratedRegex(@"^total score\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TotalScoreLine { get; }
    [GeneratedRegex(@"^(incident engagement\s+scorecard|question\s*(answer)?|answer|\(yes/no\)|notes|\(yes/no\)\s*notes|question answer \(yes/no\) notes|category)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex HeaderLine { get; }

    private readonly List<ExtractedScorecardAnswer> _answers = [];
    private ScorecardCategory _category = ScorecardCategory.Other;

    public int? TotalScore { get; private set; }

    public List<ExtractedScorecardAnswer> Extract(IReadOnlyList<DocBlock> blocks, IReadOnlyList<Section> sections)
    {
        var section = sections.FirstOrDefault(s => s.Role == SectionRole.Scorecard);
        if (section is null)
        {
            return _answers;
        }

        var lines = new List<string>();
        var tableRows = new List<DocBlock>();
        for (var i = section.Start; i < section.End; i++)
        {
            var block = blocks[i];
            switch (block.Kind)
            {
                case BlockKind.TableRow:
                    tableRows.Add(block);
                    break;
                case BlockKind.ListItem:
                    lines.Add("- " + block.Text);
                    break;
                case BlockKind.Paragraph or BlockKind.Preformatted:
                    lines.AddRange(block.RawLines);
                    break;
                case BlockKind.Heading when block.HeadingOrigin == HeadingOrigin.BoldLine:
                    lines.Add(block.Text);
                    break;
            }
        }

        if (tableRows.Count > 0)
        {
            ReadTable(tableRows);
        }

        if (lines.Any(l => l.Contains('\t', StringComparison.Ordinal)))
        {
            ReadTabSeparated(lines);
        }
        else
        {
            ReadRenderedLines(lines);
        }

        return _answers;
    }

    private void ReadTable(List<DocBlock> rows)
    {
        var questionColumn = -1;
        var answerColumn = -1;
        var noteColumn = -1;
        foreach (var row in rows)
        {
            var cells = row.Cells.Select(c => c.Text.Trim()).ToList();
            var headerQuestion = cells.FindIndex(c => c.Equals("Question", StringComparison.OrdinalIgnoreCase));
            if (headerQuestion >= 0)
            {
                questionColumn = headerQuestion;
                answerColumn = cells.FindIndex(c => c.StartsWith("Answer", StringComparison.OrdinalIgnoreCase));
                noteColumn = cells.FindIndex(c => c.StartsWith("Note", StringComparison.OrdinalIgnoreCase));
                continue;
            }

            if (cells.Count == 0 || cells.All(c => c.Length == 0))
            {
                continue;
            }

            if (TotalScoreLine.IsMatch(cells[0]))
            {
                TotalScore = cells.Select(TextTools.FirstInteger).LastOrDefault(v => v is not null);
                continue;
            }

            var category = CategoryOf(cells[0]);
            var question = questionColumn >= 0 && questionColumn < cells.Count ? cells[questionColumn]
                : cells.Skip(category == ScorecardCategory.Other ? 0 : 1).OrderByDescending(c => c.Length).First();
            if (category != ScorecardCategory.Other)
            {
                _category = category;
            }

            if (question.Length < 10 || CategoryOf(question) != ScorecardCategory.Other && question.Length < 10)
            {
                continue;
            }

            var questionIndex = cells.IndexOf(question);
            var answer = answerColumn >= 0 && answerColumn < cells.Count ? cells[answerColumn] : cells.ElementAtOrDefault(questionIndex + 1) ?? "";
            var note = noteColumn >= 0 && noteColumn < cells.Count ? cells[noteColumn] : cells.ElementAtOrDefault(questionIndex + 2);
            Add(question, answer, note);
        }
    }

    private void ReadTabSeparated(List<string> lines)
    {
        (string Question, ScorecardCategory Category)? wrapped = null;
        foreach (var line in lines)
        {
            var fields = line.Split('\t').Select(f => TextTools.NormalizeWhitespace(f).Trim()).ToList();
            if (fields.All(f => f.Length == 0) || fields.Any(f => f.Equals("Question", StringComparison.OrdinalIgnoreCase)) || fields[0].StartsWith("(yes/no)", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (TotalScoreLine.IsMatch(fields[0]))
            {
                TotalScore = fields.Skip(1).Select(TextTools.FirstInteger).LastOrDefault(v => v is not null);
                continue;
            }

            if (wrapped is { } pending && CategoryOf(fields[0]) == ScorecardCategory.Other)
            {
                // The question wrapped onto this line; its answer and note follow the wrapped part.
                _category = pending.Category;
                Add(pending.Question + " " + fields[0], fields.ElementAtOrDefault(1) ?? "", fields.ElementAtOrDefault(2));
                wrapped = null;
                continue;
            }

            wrapped = null;
            var category = CategoryOf(fields[0]);
            var offset = category != ScorecardCategory.Other || fields[0].Length == 0 ? 1 : 0;
            if (category != ScorecardCategory.Other)
            {
                _category = category;
            }

            var question = fields.ElementAtOrDefault(offset) ?? "";
            if (question.Length == 0)
            {
                continue;
            }

            if (fields.Count <= offset + 1)
            {
                wrapped = (question, _category);
                continue;
            }

            Add(question, fields[offset + 1], fields.ElementAtOrDefault(offset + 2));
        }

        if (wrapped is { } last)
        {
            _category = last.Category;
            Add(last.Question, "", null);
        }
    }

    private void ReadRenderedLines(List<string> rawLines)
    {
        var lines = rawLines.Select(l => TextTools.NormalizeWhitespace(l).Trim()).Where(l => l.Length > 0).ToList();
        var buffer = "";
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (buffer.Length == 0)
            {
                if (HeaderLine.IsMatch(line))
                {
                    continue;
                }

                if (TotalScoreLine.IsMatch(line))
                {
                    TotalScore = TextTools.FirstInteger(line[line.LastIndexOf(')') is var close and >= 0 ? close.. : 0..]);
                    continue;
                }

                if (CategoryPrefix.Match(line) is { Success: true } prefixed && prefixed.Groups[2].Value.Length > 0)
                {
                    _category = CategoryOf(line);
                    line = prefixed.Groups[2].Value;
                }
                else if (AnswerLine.IsMatch(line))
                {
                    continue;
                }
            }

            buffer = buffer.Length == 0 ? line : buffer + " " + line;
            var instruction = Instruction.Match(buffer);
            string question;
            string rest;
            if (instruction.Success)
            {
                var period = buffer.IndexOf('.', instruction.Index);
                if (period < 0)
                {
                    continue;
                }

                question = buffer[..(period + 1)];
                rest = buffer[(period + 1)..].Trim();
            }
            else if (buffer.LastIndexOf('?') is var mark and >= 0)
            {
                question = buffer[..(mark + 1)];
                rest = buffer[(mark + 1)..].Trim();
            }
            else if (TrailingAnswer.Match(buffer) is { Success: true } trailing)
            {
                Add(trailing.Groups[1].Value, trailing.Groups[2].Value, null);
                buffer = "";
                continue;
            }
            else
            {
                Add(buffer, "", null);
                buffer = "";
                continue;
            }

            if (rest.Length == 0 && i + 1 < lines.Count && AnswerLine.Match(lines[i + 1]) is { Success: true } answerLine)
            {
                rest = lines[i + 1].TrimStart('-', '•', '*', ' ');
                i++;
            }

            var answerMatch = AnswerLine.Match(rest);
            if (answerMatch.Success)
            {
                var note = answerMatch.Groups[3].Value.Trim();
                Add(question, answerMatch.Groups[1].Value, note.Length == 0 ? null : note);
            }
            else
            {
                Add(question, "", rest.Length == 0 ? null : rest);
            }

            buffer = "";
        }

        if (buffer.Length > 0)
        {
            Add(buffer, "", null);
        }
    }

    private void Add(string question, string answer, string? note)
    {
        var cleanQuestion = TextTools.NormalizeWhitespace(question).Trim();
        if (cleanQuestion.Length == 0)
        {
            return;
        }

        var cleanNote = note is null ? null : TextTools.NormalizeWhitespace(note).Trim();
        _answers.Add(new ExtractedScorecardAnswer(_answers.Count + 1, _category, cleanQuestion, AnswerOf(answer),
            string.IsNullOrEmpty(cleanNote) ? null : cleanNote));
    }

    private static ScorecardAnswerValue AnswerOf(string answer) => answer.Trim().ToUpperInvariant() switch
    {
        "YES" or "Y" or "✓" or "✔" or "TRUE" => ScorecardAnswerValue.Yes,
        "NO" or "N" or "✗" or "FALSE" => ScorecardAnswerValue.No,
        _ => ScorecardAnswerValue.Unknown,
    };

    private static ScorecardCategory CategoryOf(string text)
    {
        var match = CategoryPrefix.Match(text.Trim());
        if (!match.Success)
        {
            return ScorecardCategory.Other;
        }

        return match.Groups[1].Value.ToUpperInvariant() switch
        {
            "PEOPLE" => ScorecardCategory.People,
            "PROCESS" => ScorecardCategory.Process,
            _ => ScorecardCategory.Tooling,
        };
    }
}
