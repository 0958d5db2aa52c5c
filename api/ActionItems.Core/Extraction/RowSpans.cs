namespace ActionItems.Core.Extraction;

/// <summary>
/// Table rowspans, shared by the wikitext and HTML readers: a cell spanning n rows is repeated into
/// the same column of the following n − 1 rows, so every row reads as a full set of columns.
/// </summary>
internal sealed class RowSpans
{
    private const int MaxColumns = 200;
    private const int MaxRowSpan = 1000;
    private readonly Dictionary<int, (InlineText Cell, int Remaining)> _pending = [];

    /// <summary>The row's cells with the cells spanning down from earlier rows put back in place.</summary>
    public List<InlineText> Expand(IReadOnlyList<(InlineText Cell, int RowSpan)> row)
    {
        var cells = new List<InlineText>();
        var source = 0;
        for (var column = 0; (source < row.Count || _pending.ContainsKey(column)) && column <= MaxColumns; column++)
        {
            if (_pending.TryGetValue(column, out var span))
            {
                cells.Add(span.Cell);
                if (span.Remaining <= 1)
                {
                    _pending.Remove(column);
                }
                else
                {
                    _pending[column] = (span.Cell, span.Remaining - 1);
                }
            }
            else
            {
                var (cell, rowSpan) = row[source++];
                cells.Add(cell);
                if (rowSpan > 1)
                {
                    _pending[column] = (cell, Math.Min(rowSpan, MaxRowSpan) - 1);
                }
            }
        }
        return cells;
    }
}
