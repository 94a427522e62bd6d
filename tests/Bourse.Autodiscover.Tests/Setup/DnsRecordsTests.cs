using Bourse.Autodiscover.Setup;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Setup;

public sealed class DnsRecordsTests
{
    [Fact]
    public void RecordsForOneDomainPointEverythingAtTheMailHost()
    {
        var dns = new DnsRecords("mail.contoso.com", ["contoso.com"], "203.0.113.10");
        Assert.Equal(
            [
                ("mail.contoso.com.", "A", "203.0.113.10"),
                ("autodiscover.contoso.com.", "CNAME", "mail.contoso.com."),
                ("_autodiscover._tcp.contoso.com.", "SRV", "0 0 443 mail.contoso.com."),
                ("contoso.com.", "MX", "10 mail.contoso.com."),
                ("contoso.com.", "TXT", "\"v=spf1 mx -all\""),
            ],
            dns.Records.Select(r => (r.Name, r.Type, r.Value)));
        Assert.Equal(["mail.contoso.com", "autodiscover.contoso.com"], dns.CertificateNames);
    }

    [Fact]
    public async Task EveryAcceptedDomainGetsItsRecordsAndCertificateName()
    {
        var options = new AutodiscoverOptions { ExternalHostName = "mail.contoso.com", InternalHostName = "mail.corp.contoso.com" };
        var dns = await DnsRecords.ForAsync(new FakeDirectory(), options);
        Assert.Contains(dns.Records, r => r is { Name: "_autodiscover._tcp.fabrikam.com.", Type: "SRV", Value: "0 0 443 mail.contoso.com." });
        Assert.Contains(dns.Records, r => r is { Name: "fabrikam.com.", Type: "MX", Value: "10 mail.contoso.com." });
        Assert.Equal(["mail.contoso.com", "autodiscover.contoso.com", "autodiscover.fabrikam.com", "mail.corp.contoso.com"], dns.CertificateNames);
        Assert.Single(dns.Records, r => r.Type == "A");
        Assert.Equal(DnsRecords.AddressPlaceholder, dns.Records[0].Value);
    }

    [Fact]
    public async Task DomainOptionLimitsTheOutput()
    {
        var dns = await DnsRecords.ForAsync(new FakeDirectory(), new AutodiscoverOptions { ExternalHostName = "mail.contoso.com" }, "fabrikam.com");
        Assert.DoesNotContain(dns.Records, r => r.Name.Contains("contoso.com.", StringComparison.Ordinal) && r.Type != "A");
        var text = dns.Format();
        Assert.Contains("_autodiscover._tcp.fabrikam.com.", text, StringComparison.Ordinal);
        Assert.Contains("IN  SRV   0 0 443 mail.contoso.com.", text, StringComparison.Ordinal);
        Assert.Contains(";   autodiscover.fabrikam.com", text, StringComparison.Ordinal);
    }
}
