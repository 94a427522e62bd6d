namespace Bourse.Server.Import;

/// <summary>
/// Mail files on disk keep a message's lines in the local convention (RFC 4155 section 2 for mbox; Maildir and .eml files
/// written on Unix do the same): a message whose every line ends in a bare LF is the RFC 5322 message with its CRLFs
/// stored as LF. Import gives it back its CRLFs, so the stored MIME is the message itself, as SMTP would have delivered
/// it, and every protocol hands out the same bytes. A message with any CR in it is taken as it is: it is either already
/// canonical or carries content (a binary part) whose bytes must not be touched.
/// </summary>
internal static class LineEnds
{
    /// <summary><paramref name="mime"/> with every LF as CRLF when it has LFs and no CR at all; otherwise <paramref name="mime"/>.</summary>
    public static ReadOnlyMemory<byte> ToCrLf(ReadOnlyMemory<byte> mime)
    {
        var span = mime.Span;
        if (span.Contains((byte)'\r'))
            return mime;
        var lines = span.Count((byte)'\n');
        if (lines == 0)
            return mime;
        var result = new byte[span.Length + lines];
        var written = 0;
        while (true)
        {
            var at = span.IndexOf((byte)'\n');
            if (at < 0)
            {
                span.CopyTo(result.AsSpan(written));
                break;
            }
            span[..at].CopyTo(result.AsSpan(written));
            written += at;
            result[written++] = (byte)'\r';
            result[written++] = (byte)'\n';
            span = span[(at + 1)..];
        }
        return result;
    }
}
