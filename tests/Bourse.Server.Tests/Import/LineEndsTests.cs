using System.Text;
using Bourse.Server.Import;

namespace Bourse.Server.Tests.Import;

public sealed class LineEndsTests
{
    private static string Convert(string text) => Encoding.UTF8.GetString(LineEnds.ToCrLf(Encoding.UTF8.GetBytes(text)).Span);

    [Theory]
    [InlineData("Subject: a\n\nbody\n", "Subject: a\r\n\r\nbody\r\n")]
    [InlineData("Subject: a\n\nno final newline", "Subject: a\r\n\r\nno final newline")]
    [InlineData("\n\n", "\r\n\r\n")]
    [InlineData("x\n>From quoted\nGrüße\n", "x\r\n>From quoted\r\nGrüße\r\n")]
    public void LfOnlyMessagesGetTheirCrlfsBack(string stored, string message) => Assert.Equal(message, Convert(stored));

    [Theory]
    [InlineData("Subject: a\r\n\r\nbody\r\n")]
    [InlineData("Subject: mixed\r\n\r\nbinary part with a bare\nLF that must stay\r\n")]
    [InlineData("a lone\rCR and an LF\n")]
    [InlineData("no line break at all")]
    [InlineData("")]
    public void AnyOtherMessageIsLeftExactlyAsItIs(string stored)
    {
        var bytes = Encoding.UTF8.GetBytes(stored);
        var result = LineEnds.ToCrLf(bytes);
        Assert.Equal(bytes, result.ToArray());
        // Not even copied.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result, out var segment) && ReferenceEquals(bytes, segment.Array));
    }
}
