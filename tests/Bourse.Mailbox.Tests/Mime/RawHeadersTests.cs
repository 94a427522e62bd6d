using System.Text;

namespace Bourse.Mailbox.Tests.Mime;

public sealed class RawHeadersTests
{
    private static string Strip(string mime) =>
        Encoding.Latin1.GetString(RawHeaders.RemoveField(Encoding.Latin1.GetBytes(mime), "Bcc").Span);

    [Theory]
    [InlineData("To: a@x\r\nBcc: b@x\r\nSubject: s\r\n\r\nbody", "To: a@x\r\nSubject: s\r\n\r\nbody")]
    [InlineData("To: a@x\r\nBcc: b@x,\r\n c@x,\r\n\td@x\r\nSubject: s\r\n\r\nbody", "To: a@x\r\nSubject: s\r\n\r\nbody")]
    [InlineData("Bcc: b@x\nTo: a@x\n\nbody", "To: a@x\n\nbody")]
    [InlineData("To: a@x\r\nBCC : b@x\r\n\r\n", "To: a@x\r\n\r\n")]
    [InlineData("To: a@x\r\nBcc:\r\n\r\nbody", "To: a@x\r\n\r\nbody")]
    [InlineData("Subject: s\r\nBcc: b@x", "Subject: s\r\n")]
    [InlineData("Bcc: one@x\r\nBcc: two@x\r\nTo: a@x\r\n\r\n", "To: a@x\r\n\r\n")]
    public void BccFieldsAreCutOutWithTheirContinuationLines(string input, string expected) =>
        Assert.Equal(expected, Strip(input));

    [Theory]
    [InlineData("X-Bcc-Note: keep\r\nTo: a@x\r\n\r\nbody")]
    [InlineData("To: a@x\r\n\r\nBcc: this is body text\r\n")]
    [InlineData("")]
    public void EverythingElseIsUntouched(string input)
    {
        var bytes = Encoding.Latin1.GetBytes(input);
        var result = RawHeaders.RemoveField(bytes, "Bcc");
        Assert.True(result.Span.SequenceEqual(bytes));
    }

    [Fact]
    public void HeaderEndHandlesCrlfLfAndMissingBlankLine()
    {
        // The block keeps the last field's CRLF; the body starts after the empty line.
        Assert.Equal(12, RawHeaders.FindHeaderEnd("Subject: s\r\n\r\nbody"u8, out var body1));
        Assert.Equal(14, body1);
        Assert.Equal(9, RawHeaders.FindHeaderEnd("Subject:\n\nb"u8, out var body2));
        Assert.Equal(10, body2);
        Assert.Equal(10, RawHeaders.FindHeaderEnd("Subject: s"u8, out var body3));
        Assert.Equal(10, body3);
        Assert.Equal(0, RawHeaders.FindHeaderEnd("\r\nbody"u8, out var body4));
        Assert.Equal(2, body4);
    }
}
