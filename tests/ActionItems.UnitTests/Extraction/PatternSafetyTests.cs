using System.Reflection;
using System.Text.RegularExpressions;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// The extraction patterns run on the backtracking engine (source-generated), so each must stay linear on
/// hostile input: long runs of the characters its quantifiers loop over, with and without a failing tail.
/// </summary>
[Collection(TimingCollection.Name)]
public class PatternSafetyTests
{
    // Linear work on 4,000 characters is well under a millisecond; quadratic backtracking is tens of them.
    private const int Length = 4000;

    // Measured as CPU time of the test thread, not wall time: a loaded machine (parallel builds, CI
    // neighbours) stretches wall time many times over but not the work the pattern does.
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    private static readonly string[] Units =
        [" ", "\t", "=", "#", "*", "-", "[", "{", "|", "(", ":", "a", "1", "/", "a ", "= ", "# ", "T1", "[[", "{{", "a/b#1", "A-1", "12:00 ", "owner: ", ", "];

    private static readonly string[] Prefixes = ["", "== ", "# ", "  • ", "12:00", "owner", "due", "recommendation", "- [", "start", "**start"];
    private static readonly string[] Suffixes = ["", "\u0001", "=", "\nx"];

    public static TheoryData<string> PatternNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Patterns())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Every_pattern_is_found()
    {
        Assert.True(Patterns().Count() >= 70);
    }

    [Theory]
    [MemberData(nameof(PatternNames))]
    public void Pattern_stays_linear_on_hostile_input(string name)
    {
        var regex = Patterns().Single(p => p.Name == name).Regex;
        regex.Count("warm-up 12:00 owner: x");
        var worst = TimeSpan.Zero;
        var worstInput = "";
        foreach (var unit in Units)
        {
            var body = string.Concat(Enumerable.Repeat(unit, Length / unit.Length));
            foreach (var prefix in Prefixes)
            {
                foreach (var suffix in Suffixes)
                {
                    var input = prefix + body + suffix;
                    var before = ThreadCpuTime.Now();
                    regex.Count(input);
                    var spent = ThreadCpuTime.Now() - before;
                    if (spent > worst)
                    {
                        worst = spent;
                        worstInput = $"{prefix}|{unit}…|{suffix}";
                    }
                }
            }
        }

        Assert.True(worst < Budget, $"{name} took {worst.TotalMilliseconds:F0} ms of CPU on [{worstInput}]");
    }

    [Fact]
    public void A_pattern_without_a_timeout_cannot_backtrack_far()
    {
        var untimed = Patterns().Where(p => p.Regex.MatchTimeout == Regex.InfiniteMatchTimeout).ToList();
        Assert.NotEmpty(untimed);
        var offenders = untimed
            .Select(p => (p.Name, Ways: WaysToTry(p.Regex.ToString())))
            .Where(p => p.Ways is null or > TextTools.MostWaysWithoutTimeout)
            .Select(p => $"{p.Name} ({(p.Ways is null ? "an unbounded or nested quantifier" : $"{p.Ways} ways to try from one position")})")
            .ToList();
        Assert.True(offenders.Count == 0, "without a match timeout but able to backtrack far (give them TextTools.MatchTimeoutMs): " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData(@"^(status|state|done)$", 3L)]
    [InlineData(@"\d{1,6}", 6L)]
    [InlineData(@"(?<![0-9/])([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![0-9])", 8L)]
    [InlineData(@"[*+{]x?", 2L)]
    [InlineData(@"a{0,100}a{0,100}", 10201L)]
    [InlineData(@"^\s*x", null)]
    [InlineData(@"x{2,}", null)]
    [InlineData(@"(ab?){1,3}", null)]
    [InlineData(@"(a|b){2}", 4L)]
    public void Ways_to_try_are_counted_as_the_rule_says(string pattern, long? expected)
    {
        Assert.Equal(expected, WaysToTry(pattern));
    }

    /// <summary>
    /// The ways the backtracking engine can try from one starting position, as TextTools.BoundedPatternTimeoutMs
    /// counts them: each quantifier's choices multiplied along a sequence, alternatives added; null when a quantifier
    /// is unbounded or a repeated group holds a quantifier of its own.
    /// </summary>
    private static long? WaysToTry(string pattern)
    {
        var reader = new WaysReader(pattern);
        var ways = reader.Alternation();
        Assert.True(ways is null || reader.AtEnd, $"pattern not read to its end: {pattern}");
        return ways;
    }

    private sealed class WaysReader(string pattern)
    {
        private const long Saturated = 1L << 40;
        private int _at;
        private bool _sawQuantifier;

        public bool AtEnd => _at == pattern.Length;

        public long? Alternation()
        {
            long total = 0;
            while (true)
            {
                var ways = Sequence();
                if (ways is null)
                {
                    return null;
                }

                total = Math.Min(total + ways.Value, Saturated);
                if (_at < pattern.Length && pattern[_at] == '|')
                {
                    _at++;
                    continue;
                }

                return total;
            }
        }

        private long? Sequence()
        {
            long product = 1;
            while (_at < pattern.Length && pattern[_at] is not ('|' or ')'))
            {
                var outerSaw = _sawQuantifier;
                _sawQuantifier = false;
                var atom = Atom();
                var atomHoldsQuantifier = _sawQuantifier;
                _sawQuantifier = outerSaw;
                if (atom is null)
                {
                    return null;
                }

                var ways = atom.Value;
                if (ReadQuantifier() is var (min, max))
                {
                    _sawQuantifier = true;
                    if (max is null || (max > 1 && atomHoldsQuantifier))
                    {
                        return null;
                    }

                    long repeated = 0;
                    for (var count = min; count <= max; count++)
                    {
                        repeated = Math.Min(repeated + Power(atom.Value, count), Saturated);
                    }

                    ways = repeated;
                }

                _sawQuantifier |= atomHoldsQuantifier;
                product = Math.Min(product * ways, Saturated);
            }

            return product;
        }

        private long? Atom()
        {
            var c = pattern[_at++];
            switch (c)
            {
                case '\\':
                    var escaped = pattern[_at++];
                    if (escaped is 'p' or 'P')
                    {
                        _at = pattern.IndexOf('}', _at) + 1;
                    }
                    else if (escaped == 'u')
                    {
                        _at += 4;
                    }
                    else if (escaped == 'x')
                    {
                        _at += 2;
                    }

                    return 1;
                case '[':
                    if (pattern[_at] == '^')
                    {
                        _at++;
                    }

                    _at++; // a ']' first in the class is a literal
                    while (pattern[_at] != ']')
                    {
                        _at += pattern[_at] == '\\' ? 2 : 1;
                    }

                    _at++;
                    return 1;
                case '(':
                    if (pattern[_at] == '?')
                    {
                        _at++;
                        if (pattern[_at] == '<' && pattern[_at + 1] is not ('=' or '!'))
                        {
                            _at = pattern.IndexOf('>', _at) + 1; // a named group
                        }
                        else
                        {
                            _at += pattern[_at] == '<' ? 2 : 1; // (?: (?= (?! (?> (?<= (?<!
                        }
                    }

                    var inner = Alternation();
                    Assert.Equal(')', pattern[_at++]);
                    return inner;
                default:
                    return 1;
            }
        }

        private (int Min, int? Max)? ReadQuantifier()
        {
            if (_at >= pattern.Length)
            {
                return null;
            }

            (int, int?)? quantifier = pattern[_at] switch
            {
                '*' => (0, null),
                '+' => (1, null),
                '?' => (0, 1),
                _ => null,
            };
            if (quantifier is not null)
            {
                _at++;
            }
            else if (Regex.Match(pattern[_at..], @"^\{([0-9]+)(,([0-9]*))?\}") is { Success: true } braces)
            {
                _at += braces.Length;
                var min = int.Parse(braces.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                quantifier = !braces.Groups[2].Success ? (min, min)
                    : braces.Groups[3].Value.Length == 0 ? (min, null)
                    : (min, int.Parse(braces.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            if (quantifier is not null && _at < pattern.Length && pattern[_at] == '?')
            {
                _at++; // lazy: the same choices in another order
            }

            return quantifier;
        }

        private static long Power(long value, int exponent)
        {
            long result = 1;
            for (var i = 0; i < exponent; i++)
            {
                result = Math.Min(result * value, Saturated);
            }

            return result;
        }
    }

    private static IEnumerable<(string Name, Regex Regex)> Patterns() =>
        typeof(PostmortemExtractor).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(PostmortemExtractor).Namespace)
            .SelectMany(t => t.GetProperties(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                .Where(p => p.PropertyType == typeof(Regex))
                .Select(p => ($"{t.Name}.{p.Name}", (Regex)p.GetValue(null)!)));
}
