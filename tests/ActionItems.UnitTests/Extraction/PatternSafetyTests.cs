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

    private static IEnumerable<(string Name, Regex Regex)> Patterns() =>
        typeof(PostmortemExtractor).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(PostmortemExtractor).Namespace)
            .SelectMany(t => t.GetProperties(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                .Where(p => p.PropertyType == typeof(Regex))
                .Select(p => ($"{t.Name}.{p.Name}", (Regex)p.GetValue(null)!)));
}
