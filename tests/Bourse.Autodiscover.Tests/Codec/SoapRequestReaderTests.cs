using System.Text;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Codec;

public sealed class SoapRequestReaderTests
{
    [Fact]
    public void GetUserSettingsIsDecoded()
    {
        var result = SoapRequestReader.Read(Encoding.UTF8.GetBytes(Requests.GetUserSettings(["a@contoso.com", "b@contoso.com"], ["UserDN", "ExternalEwsUrl"])));
        var request = result.Request!.GetUserSettings!;
        Assert.Equal(["a@contoso.com", "b@contoso.com"], request.Users);
        Assert.Equal(["UserDN", "ExternalEwsUrl"], request.RequestedSettings);
        Assert.Equal("Exchange2013", request.RequestedVersion);
    }

    [Fact]
    public void EveryTruncatedPrefixIsAClientFaultWithoutThrowing()
    {
        var bytes = Encoding.UTF8.GetBytes(Requests.GetUserSettings(["a@contoso.com"], ["UserDN"]));
        var end = Array.LastIndexOf(bytes, (byte)'>') + 1;
        for (var n = 0; n < end; n++)
        {
            var result = SoapRequestReader.Read(bytes.AsMemory(0, n));
            Assert.Null(result.Request);
            Assert.Equal(SoapFaultCode.Client, result.Fault!.Code);
        }
    }

    [Fact]
    public void MoreThanOneHundredUsersIsAFault()
    {
        var users = Enumerable.Range(0, 101).Select(i => $"u{i}@contoso.com");
        var result = SoapRequestReader.Read(Encoding.UTF8.GetBytes(Requests.GetUserSettings(users, ["UserDN"])));
        Assert.Equal(SoapFaultCode.Client, result.Fault!.Code);
    }
}
