using ActionItems.Sync.GitHub;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>The hidden sync-key comment at the end of issue bodies we create.</summary>
public class GitHubSyncKeyMarkerTests
{
    private static readonly Guid Key = Guid.Parse("3f2a0c1e-5b7d-4e8f-9a10-b2c3d4e5f607");

    [Fact]
    public void Append_puts_one_hidden_comment_after_the_text_and_replaces_an_old_one()
    {
        var body = GitHubSyncKeyMarker.Append("Rotate keys", Key);

        Assert.Equal("Rotate keys\n\n<!-- actionitems:sync-key=3f2a0c1e-5b7d-4e8f-9a10-b2c3d4e5f607 -->", body);
        Assert.Equal(body, GitHubSyncKeyMarker.Append(body, Key));
        Assert.Equal("<!-- actionitems:sync-key=3f2a0c1e-5b7d-4e8f-9a10-b2c3d4e5f607 -->", GitHubSyncKeyMarker.Append(null, Key));
    }

    [Fact]
    public void Strip_and_find_read_the_marker_also_when_someone_wrote_below_it_or_with_windows_line_ends()
    {
        var edited = "Rotate keys\r\n\r\n<!--actionitems:sync-key=3F2A0C1E-5B7D-4E8F-9A10-B2C3D4E5F607-->\r\nAdded on GitHub";

        Assert.Equal(Key, GitHubSyncKeyMarker.Find(edited));
        Assert.Equal("Rotate keys\n\nAdded on GitHub", GitHubSyncKeyMarker.Strip(edited).ReplaceLineEndings("\n"));
        Assert.Equal("No marker <!-- a comment -->", GitHubSyncKeyMarker.Strip("No marker <!-- a comment -->"));
        Assert.Null(GitHubSyncKeyMarker.Find("actionitems:sync-key=3f2a0c1e-5b7d-4e8f-9a10-b2c3d4e5f607 written in the open"));
        Assert.Equal("", GitHubSyncKeyMarker.Strip(null));
    }
}
