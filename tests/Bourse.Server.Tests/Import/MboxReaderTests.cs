using System.Text;
using Bourse.Server.Import;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Import;

public sealed class MboxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<List<ImportMessage>> ReadAsync(string content)
    {
        var path = _dir.Combine($"{Guid.NewGuid():N}.mbox");
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content));
        var list = new List<ImportMessage>();
        await foreach (var m in MboxReader.ReadAsync(path, CancellationToken.None))
            list.Add(m);
        return list;
    }

    private static string Text(ImportMessage m) => Encoding.UTF8.GetString(m.Mime.Span);

    [Fact]
    public async Task SplitsOnlyAtFromLinesAfterABlankLine()
    {
        var messages = await ReadAsync("From a Mon Jan  1 00:00:00 2024\nSubject: 1\n\nline\nFrom inside the body\n\nFrom b Tue Jan  2 00:00:00 2024\nSubject: 2\n\nx\n");
        Assert.Equal(2, messages.Count);
        Assert.Equal("Subject: 1\n\nline\nFrom inside the body\n", Text(messages[0]));
        Assert.Equal("Subject: 2\n\nx\n", Text(messages[1]));
    }

    [Fact]
    public async Task KeepsQuotedFromLinesAsTheyAre()
    {
        var messages = await ReadAsync("From a Mon Jan  1 00:00:00 2024\nSubject: q\n\n>From me\n>>From you\n\n");
        Assert.Equal("Subject: q\n\n>From me\n>>From you\n", Text(Assert.Single(messages)));
    }

    [Fact]
    public async Task RemovesOnlyTheSeparatorBlankLine()
    {
        var messages = await ReadAsync("From a Mon Jan  1 00:00:00 2024\r\nSubject: c\r\n\r\nbody\r\n\r\n\r\nFrom b Mon Jan  1 00:00:00 2024\nSubject: d\n\nend");
        Assert.Equal("Subject: c\r\n\r\nbody\r\n\r\n", Text(messages[0]));
        Assert.Equal("Subject: d\n\nend", Text(messages[1]));
    }

    [Fact]
    public async Task ReadsEnvelopeDateAndOffsets()
    {
        var messages = await ReadAsync("From someone@example.com Sat Jan  3 01:05:34 1996\nSubject: e\n\n\nFrom x Thu Feb 29 23:59:59 2024 +0000\nSubject: f\n\n");
        Assert.Equal(new DateTime(1996, 1, 3, 1, 5, 34, DateTimeKind.Utc), messages[0].FallbackDateUtc);
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc), messages[1].FallbackDateUtc);
        Assert.Equal("message 1 (byte 0)", messages[0].Origin);
        Assert.StartsWith("message 2 (byte ", messages[1].Origin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("From a@b\n")]
    [InlineData("From a@b not a date at all here\n")]
    public void UnparseableEnvelopeDateIsNull(string line) => Assert.Null(MboxReader.ParseEnvelopeDate(Encoding.ASCII.GetBytes(line)));

    [Fact]
    public async Task LongLinesAcrossTheReadBufferAreKept()
    {
        var longLine = new string('a', 3 * 1024 * 1024);
        var messages = await ReadAsync($"From a Mon Jan  1 00:00:00 2024\nSubject: long\n\n{longLine}\n");
        Assert.Equal($"Subject: long\n\n{longLine}\n", Text(Assert.Single(messages)));
    }
}
