using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bourse.Server.Import;

/// <summary>
/// Splits an mbox file (RFC 4155) into messages. A message starts at a "From " line at the start of the file or after an
/// empty line; the empty line before the next From_ line is the separator and is not part of the message. Every other
/// byte is kept exactly as in the file, including "&gt;From " lines: mboxo and mboxrd files cannot be told apart, so undoing
/// the quoting would corrupt one kind or the other; leaving it is what mail clients reading mbox do.
/// </summary>
internal static class MboxReader
{
    private static ReadOnlySpan<byte> FromPrefix => "From "u8;

    /// <summary>True when the file starts like an mbox ("From " on the first line).</summary>
    public static async ValueTask<bool> LooksLikeMboxAsync(string path, CancellationToken ct)
    {
        var head = new byte[5];
        await using var stream = File.OpenRead(path);
        var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return n == head.Length && head.AsSpan().SequenceEqual(FromPrefix);
    }

    public static async IAsyncEnumerable<ImportMessage> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var reader = new ByteLineReader(stream);
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        var inMessage = false;
        var previousBlank = true;
        DateTime? envelopeDate = null;
        var number = 0;
        long offset = 0;

        while (true)
        {
            var lineStart = reader.Position;
            var line = await reader.ReadLineAsync(ct);
            if (line.IsEmpty)
                break;
            if (previousBlank && line.Span.StartsWith(FromPrefix))
            {
                if (inMessage)
                    yield return Complete(message, envelopeDate, number, offset, lineStart);
                inMessage = true;
                number++;
                offset = lineStart;
                envelopeDate = ParseEnvelopeDate(line.Span);
                message.ResetWrittenCount();
                previousBlank = false;
                continue;
            }
            if (inMessage)
                message.Write(line.Span);
            previousBlank = line.Span is [(byte)'\n'] or [(byte)'\r', (byte)'\n'];
        }
        if (inMessage)
            yield return Complete(message, envelopeDate, number, offset, reader.Position);
    }

    private static ImportMessage Complete(ArrayBufferWriter<byte> message, DateTime? envelopeDate, int number, long offset, long position)
    {
        var bytes = message.WrittenSpan;
        // The blank line before the next From_ line (or at the end of the file) belongs to the mbox, not the message.
        if (bytes.EndsWith("\r\n\r\n"u8))
            bytes = bytes[..^2];
        else if (bytes.EndsWith("\n\n"u8) || bytes.EndsWith("\r\n\n"u8))
            bytes = bytes[..^1];
        var origin = string.Create(CultureInfo.InvariantCulture, $"message {number} (byte {offset})");
        return new ImportMessage(bytes.ToArray(), "", envelopeDate, IsRead: null, origin) { Position = position };
    }

    // The weekday is left out: writers get it wrong (even RFC 4155's own example), and it adds nothing.
    private static readonly string[] AsctimeFormats = ["MMM d HH:mm:ss yyyy", "MMM d HH:mm yyyy", "MMM d yyyy HH:mm:ss"];

    /// <summary>"From sender@example.com Sat Jan  3 01:05:34 1996" (asctime, assumed UTC); null when unparseable.</summary>
    internal static DateTime? ParseEnvelopeDate(ReadOnlySpan<byte> fromLine)
    {
        var text = Encoding.Latin1.GetString(fromLine).Trim();
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 7)
            return null;
        // parts[0] = "From", parts[1] = envelope sender, then the date; some writers append a zone or "remote from".
        for (var count = Math.Min(parts.Length - 3, 5); count >= 4; count--)
        {
            var candidate = string.Join(' ', parts, 3, count);
            if (DateTime.TryParseExact(candidate, AsctimeFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }
        return null;
    }
}
