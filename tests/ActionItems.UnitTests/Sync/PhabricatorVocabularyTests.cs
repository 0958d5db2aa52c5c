using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;

namespace ActionItems.UnitTests.Sync;

public class PhabricatorVocabularyTests
{
    /// <summary>Stock Phorge's statuses: open, resolved, wontfix, invalid, duplicate, spite (no progress, no stalled).</summary>
    [Theory]
    [InlineData("open", ActionItemStatus.Open)]
    [InlineData("resolved", ActionItemStatus.Resolved)]
    [InlineData("wontfix", ActionItemStatus.Declined)]
    [InlineData("invalid", ActionItemStatus.Invalid)]
    [InlineData("duplicate", ActionItemStatus.Duplicate)]
    [InlineData("spite", ActionItemStatus.Declined)]
    public void Every_status_of_a_stock_Phorge_has_a_local_status_without_a_StatusMap(string remote, ActionItemStatus local)
    {
        var vocabulary = new PhabricatorVocabulary(new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = "phorge" }, [], [],
            new Dictionary<string, string>());

        Assert.Equal(local, vocabulary.LocalStatus(remote));
    }

    [Fact]
    public void A_StatusMap_entry_wins_over_the_default()
    {
        var target = new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = "phorge", StatusMap = { ["spite"] = ActionItemStatus.Invalid } };

        Assert.Equal(ActionItemStatus.Invalid, new PhabricatorVocabulary(target, [], [], new Dictionary<string, string>()).LocalStatus("spite"));
    }
}
