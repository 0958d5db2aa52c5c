using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

public class ActionablesSectionPresenceTests
{
    [Theory]
    [InlineData("== Actionables ==\n* Add disk alerts\n", true)]
    [InlineData("== Actionables ==\nNone at this point in time\n", true)]
    [InlineData("# Follow-ups\n\n", true)]
    [InlineData("# Release notes\n\n- Bumped the version\n", false)]
    public void The_result_says_whether_the_document_has_an_actionables_section(string text, bool expected) =>
        Assert.Equal(expected, PostmortemExtractor.Extract(text).HasActionablesSection);
}
