using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ActionItems.FakePhorge;

/// <summary>A Phorge user. <see cref="IsBot"/> shows as role <c>agent</c> in user.whoami and <c>bot</c> in user.search (fixtures 02b/03).</summary>
public sealed record PhorgeUser(int Id, string Phid, string Username, string RealName, string Token, bool IsAdmin, bool IsBot, long DateCreated);

public sealed record PhorgeProject(int Id, string Phid, string Name, string Slug, string Description, long DateCreated);

/// <summary>One entry of the instance's status set (maniphest.status.search).</summary>
public sealed record PhorgeStatus(string Value, string Name, bool Closed, string? Special = null, string? Color = null);

/// <summary>One entry of the instance's priority set (maniphest.priority.search).</summary>
public sealed record PhorgePriority(int Value, string Name, IReadOnlyList<string> Keywords, string ShortName, string Color);

/// <summary>A task as stored; mutated only under the fake's lock.</summary>
public sealed class PhorgeTask
{
    public required int Id { get; init; }
    public required string Phid { get; init; }
    public required string AuthorPhid { get; init; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string? OwnerPhid { get; set; }
    public string Status { get; set; } = "open";
    public int Priority { get; set; } = 90;
    public string? CloserPhid { get; set; }
    public long? DateClosed { get; set; }
    public long DateCreated { get; set; }
    public long DateModified { get; set; }
    public List<string> ProjectPhids { get; } = [];
    public List<string> SubscriberPhids { get; } = [];

    public string Monogram => "T" + Id;
}

/// <summary>A stored transaction. <see cref="Fields"/> is exactly what transaction.search shows.</summary>
public sealed class PhorgeTransaction
{
    public required int Id { get; init; }
    public required string Phid { get; init; }
    public required string Type { get; init; }
    public required string AuthorPhid { get; init; }
    public required string ObjectPhid { get; init; }
    public required long DateCreated { get; init; }
    public required string GroupId { get; init; }
    public required JsonObject Fields { get; init; }
    public string? CommentText { get; init; }
    public int? CommentId { get; init; }
    public string? CommentPhid { get; init; }
}

/// <summary>Random identifiers shaped like Phorge's (lower-case base32 alphabet).</summary>
internal static class PhorgeIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Random(int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }

    public static string Phid(string type) => $"PHID-{type}-{Random(20)}";

    /// <summary>Transaction PHIDs carry the object type and a shorter random part (<c>PHID-XACT-TASK-36b3ocuav3odzqy</c>).</summary>
    public static string TransactionPhid() => $"PHID-XACT-TASK-{Random(15)}";
}
