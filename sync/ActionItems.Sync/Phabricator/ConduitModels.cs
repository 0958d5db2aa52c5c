using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionItems.Sync.Phabricator;

// The parts of Conduit results the connector reads. Types follow the recorded fixtures: object ids are
// ints, cursor.after/before are strings (or null), dates are epoch-second ints, and maps that may come
// back as {} or [] (attachments, maps) are read as JsonElement.

public sealed record ConduitCursor(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("after")] string? After,
    [property: JsonPropertyName("before")] string? Before);

public sealed record ConduitSearchResult<T>(
    [property: JsonPropertyName("data")] IReadOnlyList<T> Data,
    [property: JsonPropertyName("maps")] JsonElement Maps,
    [property: JsonPropertyName("cursor")] ConduitCursor Cursor);

public sealed record ManiphestTask(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("phid")] string Phid,
    [property: JsonPropertyName("fields")] ManiphestTaskFields Fields,
    [property: JsonPropertyName("attachments")] JsonElement Attachments);

public sealed record ManiphestTaskFields(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] ConduitRawText? Description,
    [property: JsonPropertyName("authorPHID")] string? AuthorPhid,
    [property: JsonPropertyName("ownerPHID")] string? OwnerPhid,
    [property: JsonPropertyName("status")] ConduitStatusValue Status,
    [property: JsonPropertyName("priority")] ConduitPriorityValue Priority,
    [property: JsonPropertyName("dateCreated")] long DateCreated,
    [property: JsonPropertyName("dateModified")] long DateModified,
    [property: JsonPropertyName("dateClosed")] long? DateClosed = null,
    [property: JsonPropertyName("closerPHID")] string? CloserPhid = null);

public sealed record ConduitRawText([property: JsonPropertyName("raw")] string? Raw);

public sealed record ConduitStatusValue([property: JsonPropertyName("value")] string Value, [property: JsonPropertyName("name")] string? Name);

public sealed record ConduitPriorityValue([property: JsonPropertyName("value")] int Value, [property: JsonPropertyName("name")] string? Name);

public sealed record ConduitEditResult(
    [property: JsonPropertyName("object")] ConduitObjectRef EditedObject,
    [property: JsonPropertyName("transactions")] IReadOnlyList<ConduitPhidRef> Transactions);

public sealed record ConduitObjectRef([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("phid")] string Phid);

public sealed record ConduitPhidRef([property: JsonPropertyName("phid")] string Phid);

public sealed record ConduitTransaction(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("phid")] string Phid,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("authorPHID")] string? AuthorPhid,
    [property: JsonPropertyName("dateCreated")] long DateCreated,
    [property: JsonPropertyName("fields")] JsonElement Fields,
    [property: JsonPropertyName("objectPHID")] string? ObjectPhid = null);

/// <summary>transaction.search has only data + cursor (no maps/query).</summary>
public sealed record ConduitTransactionPage(
    [property: JsonPropertyName("data")] IReadOnlyList<ConduitTransaction> Data,
    [property: JsonPropertyName("cursor")] ConduitCursor Cursor);

public sealed record ConduitWhoAmI(
    [property: JsonPropertyName("phid")] string Phid,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("realName")] string? RealName);

public sealed record ConduitUser(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("phid")] string Phid,
    [property: JsonPropertyName("fields")] ConduitUserFields Fields);

public sealed record ConduitUserFields(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("realName")] string? RealName);

public sealed record ConduitProject(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("phid")] string Phid,
    [property: JsonPropertyName("fields")] ConduitProjectFields Fields);

public sealed record ConduitProjectFields(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("slug")] string? Slug);

public sealed record ConduitDataList<T>([property: JsonPropertyName("data")] IReadOnlyList<T> Data);

public sealed record ConduitStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("closed")] bool Closed);

public sealed record ConduitPriority(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("keywords")] IReadOnlyList<string> Keywords,
    [property: JsonPropertyName("value")] int Value);
