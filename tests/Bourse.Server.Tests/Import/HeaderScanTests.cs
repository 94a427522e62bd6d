using System.Text;
using Bourse.Server.Import;

namespace Bourse.Server.Tests.Import;

public sealed class HeaderScanTests
{
    private static HeaderScan Scan(string text) => HeaderScan.Scan(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void ReadsFoldedDateAndStatusFields()
    {
        var scan = Scan("Subject: x\r\nDate: Mon, 1 Jan 2024\r\n 10:00:00 +0000\r\nstatus: RO\r\nX-Status: A\r\n\r\nStatus: ignored in body\r\n");
        Assert.True(scan.HasHeader);
        Assert.Equal("Mon, 1 Jan 2024 10:00:00 +0000", scan.Date);
        Assert.Equal("RO", scan.Status);
        Assert.True(scan.IsMarkedRead);
    }

    [Theory]
    [InlineData("X-Status: R\n\n", true)]
    [InlineData("Status: O\n\n", false)]
    [InlineData("Subject: none\n\n", false)]
    public void ReadStateComesFromStatusOrXStatus(string headers, bool read) => Assert.Equal(read, Scan(headers).IsMarkedRead);

    [Theory]
    [InlineData("")]
    [InlineData("\nbody only\n")]
    [InlineData("not a header\n\n")]
    [InlineData(" folded first\n\n")]
    [InlineData(": empty name\n\n")]
    public void NoHeaderSection(string text) => Assert.False(Scan(text).HasHeader);

    [Fact]
    public void ToleratesSpaceBeforeColon() => Assert.Equal("x", Scan("Date : x\n\n").Date);
}
