using System.Text;
using System.Xml.Linq;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Tests.Codec;

// PoxRequestReader reads plain documents with PoxRequestScanner and the rest with a tree; it must decide exactly as the
// tree-based reader it replaced (kept below as the reference) on every input: valid variants, odd content, truncations
// and mutations. The scanner may decline anything, but what it accepts XmlReader must accept, with the same shape.
public sealed class PoxRequestReaderEquivalenceTests
{
    private const string Outlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    private const string OutlookResponse = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    private const string MobileSync = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006";
    private const string MobileSyncResponse = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

    private static readonly string[] Corpus =
    [
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>alice@contoso.com</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Autodiscover xmlns=\"{Outlook}\">\r\n  <Request>\r\n    <EMailAddress> alice@contoso.com </EMailAddress>\r\n    <AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema>\r\n  </Request>\r\n</Autodiscover>\r\n",
        $"<Autodiscover xmlns=\"{MobileSync}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{MobileSyncResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<a:Autodiscover xmlns:a=\"{Outlook}\"><a:Request><a:EMailAddress>a@b.c</a:EMailAddress><a:AcceptableResponseSchema>{OutlookResponse}</a:AcceptableResponseSchema></a:Request></a:Autodiscover>",
        // LegacyDN alone, with it, and in mobilesync (ignored there).
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><LegacyDN>/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice</LegacyDN><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><LegacyDN>/o=x/cn=a</LegacyDN><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{MobileSync}\"><Request><LegacyDN>/o=x/cn=a</LegacyDN><AcceptableResponseSchema>{MobileSyncResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        // Text split by comments, processing instructions, CDATA, character and entity references, whitespace runs.
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>ali<!-- c -->ce@<?pi x?>contoso.com</EMailAddress><AcceptableResponseSchema><![CDATA[{OutlookResponse}]]></AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>&#97;lice&#x40;contoso&#46;com</EMailAddress><AcceptableResponseSchema>  {OutlookResponse}\t</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a<!--x-->  <!--y-->b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a&amp;b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        // Elements inside a value, duplicates (the first counts), empty and self-closing elements.
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress><b>a@b.c</b></EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c<b/></EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress/><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>first@b.c</EMailAddress><EMailAddress>second@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema><AcceptableResponseSchema>{MobileSyncResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request/><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress></Request><Request><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Other><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Other></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Other/><Request><Wrap><EMailAddress>a@b.c</EMailAddress></Wrap><EMailAddress>b@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><x:EMailAddress xmlns:x=\"urn:other\">a@b.c</x:EMailAddress><AcceptableResponseSchema xmlns=\"\">{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>urn:unknown</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>   </EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>{new string('a', 320)}@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        // Wrong roots and namespaces, DTDs, trailing content, attributes, BOM and UTF-16.
        $"<Autodiscover><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover><more/>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>trailing",
        $"<!DOCTYPE Autodiscover [<!ENTITY e \"a@b.c\">]><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>&e;</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request a=\"1\" a=\"2\"><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><p:EMailAddress>a@b.c</p:EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request><x>&#0;</x></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request><x>&bogus;</x></Autodiscover>",
        $"\uFEFF<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        "<Autodiscover/>",
        $"<Autodiscover xmlns=\"{Outlook}\"/>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request/></Autodiscover>",
        "",
        "   ",
        "not xml",
        // Forms the scanner takes or must decline: declarations, attributes, namespace declarations, odd characters.
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?xml version=\"1.0\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?xml version='1.0' encoding='utf-8'?><Autodiscover xmlns='{Outlook}'><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?xml version=\"1.0\" encoding=\"us-ascii\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<?XML version=\"1.0\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $" <?xml version=\"1.0\"?><Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"\r\n<Autodiscover xmlns=\"{Outlook}\" >\r\n<Request\tid = \"1\" other='2' ><EMailAddress >a@b.c</EMailAddress ><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request\n></Autodiscover >\r\n",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request id=\"1\" id = '2'><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request id=\"1\"other=\"2\"><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\" xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<a:Autodiscover xmlns:a=\"{Outlook}\" xmlns:a=\"{MobileSync}\"><a:Request/></a:Autodiscover>",
        $"<a:Autodiscover xmlns:a=\"\"><a:Request/></a:Autodiscover>",
        $"<Autodiscover xmlns:a=\"{Outlook}\"><a:Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></a:Request></Autodiscover>",
        $"<a:Autodiscover xmlns:a=\"{Outlook}\"><Request xmlns:a=\"urn:x\"><a:EMailAddress>a@b.c</a:EMailAddress></Request><a:Request><a:AcceptableResponseSchema>{OutlookResponse}</a:AcceptableResponseSchema></a:Request></a:Autodiscover>",
        $"<a:Autodiscover xmlns:a=\"{Outlook}\"><a:Request><b:EMailAddress xmlns:b=\"urn:x\">a@b.c</b:EMailAddress><b:AcceptableResponseSchema>{OutlookResponse}</b:AcceptableResponseSchema></a:Request></a:Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request xmlns=\"\"><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<x:Autodiscover xmlns:x=\"http://www.w3.org/XML/1998/namespace\"/>",
        $"<Autodiscover xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
        $"<xml:Autodiscover/>",
        $"<Autodiscover xmlns=\"{Outlook}\" xml:lang=\"en\" p:x=\"1\"><Request/></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a]]>b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a>b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a\u007fb@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a\u0001b@c.d</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><LegacyDN>/o=x\r\n/cn=a</LegacyDN><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><LegacyDN>/o=x\n\t/cn=a</LegacyDN><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request a=\"x<y\"/></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request a=\"x\ty\"/></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover><?pi?>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover></Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></ Autodiscover>",
        $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover x>",
        $"<1Autodiscover/>",
        $"<Auto-discover.x_y/>",
        $"<Autodiscover xmlns=\"{Outlook}\"><a/><b/><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request></Autodiscover>",
    ];

    public static TheoryData<string> Documents() => new(Corpus);

    [Theory]
    [MemberData(nameof(Documents))]
    public void StreamingReaderDecidesAsTheTreeReaderDid(string xml)
    {
        AssertSame(Encoding.UTF8.GetBytes(xml));
        AssertSame(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryPrefixIsDecidedAsTheTreeReaderDid(string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        for (var n = 0; n <= bytes.Length; n++)
            AssertSame(bytes.AsMemory(0, n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void PlainRequestsTakeTheFastPath(int index) =>
        Assert.NotNull(PoxRequestScanner.TryScan(Encoding.UTF8.GetBytes(Corpus[index])));

    [Fact]
    public void ScannerAcceptsOnlyWhatXmlReaderAcceptsAndReadsTheSameShape()
    {
        var accepted = 0;
        foreach (var bytes in Inputs())
        {
            if (PoxRequestScanner.TryScan(bytes) is not { } shape)
                continue;
            accepted++;
            Assert.True(TreeShape(bytes) == shape, $"scanner disagrees on: {Encoding.UTF8.GetString(bytes)}");
        }

        // The corpus and its variants exercise the fast path, not only the fallback.
        Assert.True(accepted > 1000, $"only {accepted} inputs took the fast path");
    }

    [Fact]
    public void MutatedDocumentsAreDecidedAsTheTreeReaderDid()
    {
        // Seeded, so a failure reproduces: single-byte replacements, insertions and deletions of XML-significant bytes.
        var random = new Random(20261127);
        var alphabet = "<>/&;#x\"'= :!?[]-aAbzE@\t\r\n\u00e9"u8.ToArray();
        foreach (var xml in Corpus)
        {
            var original = Encoding.UTF8.GetBytes(xml);
            for (var i = 0; i < 300 && original.Length > 0; i++)
            {
                var bytes = original.ToList();
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    var at = random.Next(bytes.Count + 1);
                    switch (random.Next(3))
                    {
                        case 0 when at < bytes.Count:
                            bytes[at] = alphabet[random.Next(alphabet.Length)];
                            break;
                        case 1:
                            bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                            break;
                        default:
                            if (at < bytes.Count)
                                bytes.RemoveAt(at);
                            break;
                    }
                }

                AssertSame(bytes.ToArray());
            }
        }
    }

    [Fact]
    public void OversizedBodyIsInvalid()
    {
        var xml = $"<Autodiscover xmlns=\"{Outlook}\"><Request><EMailAddress>a@b.c</EMailAddress><AcceptableResponseSchema>{OutlookResponse}</AcceptableResponseSchema></Request>{new string(' ', SafeXml.MaxRequestBytes)}</Autodiscover>";
        AssertSame(Encoding.UTF8.GetBytes(xml));
        Assert.Equal(PoxErrorCode.InvalidRequest, PoxRequestReader.Read(Encoding.UTF8.GetBytes(xml)).Error);
    }

    // Every corpus document, each prefix of it, and seeded mutations of it.
    private static IEnumerable<byte[]> Inputs()
    {
        var random = new Random(27112026);
        var alphabet = "<>/&;#x\"'= :!?[]-aAbzE@\t\r\n\u00e9"u8.ToArray();
        foreach (var xml in Corpus)
        {
            var original = Encoding.UTF8.GetBytes(xml);
            for (var n = 0; n <= original.Length; n++)
                yield return original[..n];
            for (var i = 0; i < 1000 && original.Length > 0; i++)
            {
                var bytes = original.ToList();
                for (var edits = random.Next(1, 3); edits > 0; edits--)
                {
                    var at = random.Next(bytes.Count + 1);
                    var b = alphabet[random.Next(alphabet.Length)];
                    switch (random.Next(3))
                    {
                        case 0 when at < bytes.Count:
                            bytes[at] = b;
                            break;
                        case 1:
                            bytes.Insert(at, b);
                            break;
                        default:
                            if (at < bytes.Count)
                                bytes.RemoveAt(at);
                            break;
                    }
                }

                yield return bytes.ToArray();
            }
        }
    }

    private static PoxRequestShape? TreeShape(byte[] body)
    {
        var root = SafeXml.TryParse(body)?.Root;
        if (root is null)
            return null;
        var request = SafeXml.Child(root, "Request");
        string? Value(string name) => request is not null && SafeXml.Child(request, name) is { HasElements: false } e ? e.Value : null;
        return new PoxRequestShape(root.Name.LocalName, root.Name.NamespaceName, request is not null,
            Value("AcceptableResponseSchema"), Value("EMailAddress"), Value("LegacyDN"));
    }

    private static void AssertSame(ReadOnlyMemory<byte> body) =>
        Assert.True(Reference(body) == PoxRequestReader.Read(body), $"differs on: {Encoding.UTF8.GetString(body.Span)}");

    // The tree-based reader as it was before the streaming one (XDocument through SafeXml.TryParse).
    private static PoxReadResult Reference(ReadOnlyMemory<byte> body)
    {
        var doc = SafeXml.TryParse(body);
        var root = doc?.Root;
        if (root is null || root.Name.LocalName != "Autodiscover")
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var ns = root.Name.NamespaceName;
        if (ns != AutodiscoverNamespaces.OutlookRequest && ns != AutodiscoverNamespaces.MobileSyncRequest)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var requestSchema = ns == AutodiscoverNamespaces.MobileSyncRequest ? PoxProvider.MobileSync : PoxProvider.Outlook;
        var request = SafeXml.Child(root, "Request");
        if (request is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);
        var acceptable = SafeXml.TrimmedValue(SafeXml.Child(request, "AcceptableResponseSchema"), 512);
        PoxProvider provider;
        if (acceptable is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);
        if (string.Equals(acceptable, AutodiscoverNamespaces.OutlookResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.Outlook;
        else if (string.Equals(acceptable, AutodiscoverNamespaces.MobileSyncResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.MobileSync;
        else
            return PoxReadResult.Fail(PoxErrorCode.ProviderUnavailable, requestSchema);
        var email = SafeXml.TrimmedValue(SafeXml.Child(request, "EMailAddress"), 320);
        var legacyDn = provider == PoxProvider.Outlook ? SafeXml.TrimmedValue(SafeXml.Child(request, "LegacyDN"), 1024) : null;
        if (email is null && legacyDn is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);
        if (email is not null && !EmailAddress.IsPlausible(email))
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);
        return PoxReadResult.Ok(new PoxRequest(provider, email, legacyDn));
    }
}
