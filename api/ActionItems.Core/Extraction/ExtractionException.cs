namespace ActionItems.Core.Extraction;

/// <summary>
/// The input cannot be read as a postmortem at all (empty, binary, too large). The message is one
/// line meant for the person who supplied the document; a best-effort result is returned instead
/// whenever anything useful can be read.
/// </summary>
public sealed class ExtractionException : Exception
{
    public ExtractionException()
    {
    }

    public ExtractionException(string message) : base(message)
    {
    }

    public ExtractionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
