using ActionItems.Sync.Phabricator;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

public sealed class SyncKeyMarkerTests
{
    private static readonly Guid Key = Guid.Parse("3f2a5a4e-0c1b-4d7e-9a55-2b8f6f1d9c01");

    [Fact]
    public void The_marker_round_trips_and_is_hidden_from_the_reported_description()
    {
        var stored = SyncKeyMarker.Append("Action item from INC-42.", Key);

        Assert.Equal(Key, SyncKeyMarker.Find(stored));
        Assert.Equal("Action item from INC-42.", SyncKeyMarker.Strip(stored));
        Assert.EndsWith($"(actionitems:sync-key={Key})//", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_description_gets_only_the_marker()
    {
        Assert.Equal(SyncKeyMarker.Block(Key), SyncKeyMarker.Append(null, Key));
        Assert.Equal("", SyncKeyMarker.Strip(SyncKeyMarker.Append("", Key)));
    }

    [Fact]
    public void Appending_again_replaces_the_old_marker()
    {
        var other = Guid.NewGuid();

        var stored = SyncKeyMarker.Append(SyncKeyMarker.Append("Text", other), Key);

        Assert.Equal(Key, SyncKeyMarker.Find(stored));
        Assert.Equal($"Text\n\n{SyncKeyMarker.Block(Key)}", stored);
    }

    [Fact]
    public void Text_someone_wrote_below_the_marker_is_kept()
    {
        var stored = SyncKeyMarker.Append("Above", Key) + "\nBelow, added on Phabricator.";

        Assert.Equal("Above\n\nBelow, added on Phabricator.", SyncKeyMarker.Strip(stored));
        Assert.Equal(Key, SyncKeyMarker.Find(stored));
    }

    [Theory]
    [InlineData("Plain text\n")]
    [InlineData("Intro\n\n---\nA rule that is not ours.")]
    [InlineData("actionitems:sync-key=not-a-guid")]
    public void Text_without_a_marker_is_reported_unchanged(string description)
    {
        Assert.Equal(description, SyncKeyMarker.Strip(description));
        Assert.Null(SyncKeyMarker.Find(description));
    }
}
