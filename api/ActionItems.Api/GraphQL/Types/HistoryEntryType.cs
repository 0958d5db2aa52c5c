using System.Globalization;
using ActionItems.Api.GraphQL.Loading;
using ActionItems.Application;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class HistoryEntryType : ObjectGraphType<ActionItemHistory>
{
    public HistoryEntryType()
    {
        Name = "HistoryEntry";
        Description = "One field change of an action item: what, from, to, when, by whom and from where.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
        Field<StringGraphType>("oldValue")
            .Description("The value before, in the API's words: status and priority as their enum names (IN_PROGRESS, HIGH), an owner as the person's id (oldOwner has the person), tags comma-separated (oldTags has the list), dates as yyyy-MM-dd; null when there was none.")
            .Resolve(c => ApiValue(c.Source.Field, c.Source.OldValue));
        Field<StringGraphType>("newValue").Description("The value after, in the same words as oldValue.")
            .Resolve(c => ApiValue(c.Source.Field, c.Source.NewValue));
        Field<PersonType>("oldOwner").Description("For an owner change: who owned the item before (null: unassigned).")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => Owner(c.Source, c.Source.OldValue, loaders));
        Field<PersonType>("newOwner").Description("For an owner change: who owns it after (null: unassigned).")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => Owner(c.Source, c.Source.NewValue, loaders));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("oldTags").Description("For a tags change: the tags before.")
            .Resolve(c => Tags(c.Source, c.Source.OldValue));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("newTags").Description("For a tags change: the tags after.")
            .Resolve(c => Tags(c.Source, c.Source.NewValue));
        Field<NonNullGraphType<DateTimeGraphType>>("at").Resolve(c => c.Source.At.UtcDateTime);
        Field<NonNullGraphType<StringGraphType>>("actor").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<ChangeOriginGraphType>>("origin").Resolve(c => c.Source.Origin);
    }

    /// <summary>History stores enum names as .NET spells them (<c>InProgress</c>); clients filter with the API's.</summary>
    internal static string? ApiValue(string field, string? value) =>
        value is not null && field is HistoryFields.Status or HistoryFields.Priority ? ApiNames.Of(value) : value;

    private static object? Owner(ActionItemHistory entry, string? value, DataLoaders loaders) =>
        entry.Field == HistoryFields.Owner && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? loaders.People.Resolve(id)
            : null;

    private static string[]? Tags(ActionItemHistory entry, string? value) =>
        entry.Field != HistoryFields.Tags ? null
        : string.IsNullOrEmpty(value) ? []
        : value.Split(',');
}
