using System.Text;

namespace ActionItems.Api.Cli;

internal static class DocumentFiles
{
    /// <summary>Postmortem files on disk: UTF-8 (a BOM or UTF-16 BOM is honoured); invalid bytes become U+FFFD.</summary>
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
