using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>The state changes of a link that more than one sync step makes; the caller saves.</summary>
public static class TrackerLinkUpdates
{
    /// <summary>The link mirrors <paramref name="remote"/> and both sides last agreed on <paramref name="newBase"/>.</summary>
    public static void Synced(TrackerLink link, RemoteItem remote, SyncedFields newBase, string remoteVersion, DateTimeOffset now)
    {
        link.RemoteId = remote.RemoteId;
        link.RemoteInternalId = remote.InternalId;
        link.RemoteUrl = remote.Url;
        link.BaseSnapshot = newBase.ToSnapshot();
        link.RemoteVersion = remoteVersion;
        link.LastSyncedAt = now;
    }

    /// <summary>The remote object is gone or hidden from us: a human relinks it.</summary>
    public static void Broken(TrackerLink link, string message)
    {
        link.State = TrackerLinkState.Broken;
        link.LastError = message;
    }

    /// <summary>A permanent failure of this link only: no automatic retry until the item or the configuration changes.</summary>
    public static void Failed(TrackerLink link, string message)
    {
        link.State = TrackerLinkState.Error;
        link.LastError = message;
    }
}
