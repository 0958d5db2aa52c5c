using ActionItems.Application.Items;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>The item fields a client may set: one list for the create and the update input, read into <see cref="ActionItemFields"/>.</summary>
internal static class ActionItemInputFields
{
    public static void AddTo(IInputObjectGraphType type, bool titleRequired)
    {
        type.AddField(new FieldType { Name = "title", Type = titleRequired ? typeof(NonNullGraphType<StringGraphType>) : typeof(StringGraphType) });
        type.AddField(new FieldType { Name = "description", Type = typeof(StringGraphType) });
        type.AddField(new FieldType { Name = "status", Type = typeof(EnumerationGraphType<ActionItemStatus>) });
        type.AddField(new FieldType { Name = "priority", Type = typeof(EnumerationGraphType<Priority>) });
        type.AddField(new FieldType { Name = "ownerId", Type = typeof(IdGraphType) });
        type.AddField(new FieldType { Name = "team", Type = typeof(StringGraphType) });
        type.AddField(new FieldType { Name = "dueDate", Type = typeof(DateOnlyGraphType) });
        type.AddField(new FieldType { Name = "tags", Type = typeof(ListGraphType<NonNullGraphType<StringGraphType>>) });
    }

    public static ActionItemFields Read(IDictionary<string, object?> values) => new()
    {
        Title = InputValues.Optional<string?>(values, "title"),
        Description = InputValues.Optional<string?>(values, "description"),
        Status = InputValues.Optional<ActionItemStatus?>(values, "status"),
        Priority = InputValues.Optional<Priority?>(values, "priority"),
        OwnerId = InputValues.OptionalId(values, "ownerId"),
        Team = InputValues.Optional<string?>(values, "team"),
        DueDate = InputValues.Optional<DateOnly?>(values, "dueDate"),
        Tags = InputValues.OptionalStrings(values, "tags"),
    };
}
