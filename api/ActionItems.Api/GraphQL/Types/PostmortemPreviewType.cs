using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

/// <summary>What extraction reads from a document; nothing of it is stored.</summary>
public sealed class PostmortemPreviewType : ObjectGraphType<ExtractionResult>
{
    public PostmortemPreviewType()
    {
        Name = "PostmortemPreview";
        Field<NonNullGraphType<EnumerationGraphType<DocumentFormat>>>("format").Resolve(c => c.Source.Format);
        Field<NonNullGraphType<ExtractedIncidentType>>("incident").Resolve(c => c.Source.Incident);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExtractedActionableType>>>>("actionables").Resolve(c => c.Source.Actionables);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimelineEntryType>>>>("timeline")
            .Resolve(c => c.Source.Timeline.Select(t => new TimelineEntry
            {
                Ordinal = t.Ordinal, At = t.At, TimeText = t.TimeText, Text = t.Text, Marker = t.Marker,
            }));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScorecardAnswerType>>>>("scorecard")
            .Resolve(c => c.Source.Scorecard.Select(s => new ScorecardAnswer
            {
                Ordinal = s.Ordinal, Category = s.Category, Question = s.Question, Answer = s.Answer, Note = s.Note,
            }));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings").Resolve(c => c.Source.Warnings);
    }
}
