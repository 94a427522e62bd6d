using System.Text;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Tests.Codec;

public sealed class PoxRequestReaderTests
{
    private const string Valid = """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            <EMailAddress> alice@contoso.com </EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    [Fact]
    public void ValidOutlookRequestIsDecoded()
    {
        var result = PoxRequestReader.Read(Encoding.UTF8.GetBytes(Valid));
        Assert.Equal(new PoxRequest(PoxProvider.Outlook, "alice@contoso.com", null), result.Request);
    }

    [Fact]
    public void EveryTruncatedPrefixIsRejectedAsInvalidRequestWithoutThrowing()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        // The document is complete only at its last '>' (trailing whitespace aside).
        var end = Array.LastIndexOf(bytes, (byte)'>') + 1;
        for (var n = 0; n < end; n++)
        {
            var result = PoxRequestReader.Read(bytes.AsMemory(0, n));
            Assert.Null(result.Request);
            Assert.Equal(PoxErrorCode.InvalidRequest, result.Error);
        }
    }

    [Theory]
    [InlineData("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema></Request></Autodiscover>", "MobileSync")]
    [InlineData("<a:Autodiscover xmlns:a=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><a:Request><a:EMailAddress>a@b.c</a:EMailAddress><a:AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</a:AcceptableResponseSchema></a:Request></a:Autodiscover>", "Outlook")]
    public void ProviderFollowsAcceptableResponseSchema(string xml, string provider) =>
        Assert.Equal(provider, PoxRequestReader.Read(Encoding.UTF8.GetBytes(xml)).Request!.Provider.ToString());

    [Theory]
    [InlineData("a b@contoso.com")]
    [InlineData("@contoso.com")]
    [InlineData("alice@")]
    [InlineData("alice@contoso.com<x>")]
    public void ImplausibleAddressesAreInvalidRequests(string address)
    {
        var xml = Valid.Replace(" alice@contoso.com ", System.Security.SecurityElement.Escape(address), StringComparison.Ordinal);
        Assert.Equal(PoxErrorCode.InvalidRequest, PoxRequestReader.Read(Encoding.UTF8.GetBytes(xml)).Error);
    }

    [Fact]
    public void ServerVersionEncodesExchange2016Cu23()
    {
        // MS-OXDSCLI ServerVersion: 0111 | major 15 | minor 1 | 1 | build 2507, as exchangelib decodes it.
        var v = Convert.ToUInt32(ExchangeVersion.PoxServerVersion, 16);
        Assert.Equal((15u, 1u, 2507u), ((v >> 22) & 0x3F, (v >> 16) & 0x3F, v & 0x7FFF));
    }
}
