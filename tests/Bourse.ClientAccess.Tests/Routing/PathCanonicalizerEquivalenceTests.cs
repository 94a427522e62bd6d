using System.Text;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;

namespace Bourse.ClientAccess.Tests.Routing;

// PercentDecoder and PathCanonicalizer take short cuts for targets without '%' and without '@'; on seeded random targets
// they must answer exactly as the general code (kept here as the reference) does.
public sealed class PathCanonicalizerEquivalenceTests
{
    private static readonly string[] Pieces =
    [
        "/", "/", "/", "owa", "OWA", "EWS", "ews", "autodiscover", "AutoDiscover", "Microsoft-Server-ActiveSync", "mapi", "ecp",
        "healthz", "healthcheck.htm", "HealthCheck.HTM", "autodiscover.xml", "Exchange.asmx", "emsmdb", ".", "..", "a.", "~", "-",
        "%2e", "%2f", "%41", "%", "@", "user@contoso.com", "x", "\\", " ", ";", ":", "?", "?a=b", "é", "v1.0", "autodiscover.json",
    ];

    [Fact]
    public void ShortCutsAnswerAsTheGeneralCode()
    {
        var random = new Random(1127);
        for (var i = 0; i < 200_000; i++)
        {
            var target = new StringBuilder(random.Next(2) == 0 ? "/" : "");
            for (var n = random.Next(1, 7); n > 0; n--)
                target.Append(Pieces[random.Next(Pieces.Length)]);
            var raw = target.ToString();

            Assert.Equal(ReferenceDecodePath(raw, out var expectedPath), PercentDecoder.DecodePath(raw, out var path));
            Assert.Equal(expectedPath, path);
            if (raw.StartsWith('/') && !raw.Contains('?'))
            {
                var actual = PathCanonicalizer.Canonicalize(raw);
                var expected = ReferenceCanonicalize(raw);
                Assert.True(expected == actual, $"differs on {raw}: {expected} / {actual}");
            }
        }
    }

    // PercentDecoder.DecodePath without its short cut: every target through the decoding loop.
    private static RouteRejection ReferenceDecodePath(string raw, out string decoded)
    {
        var rejection = PercentDecoder.DecodePath(raw + "%41", out var withMarker);
        decoded = rejection == RouteRejection.None ? withMarker[..^1] : string.Empty;
        return rejection;
    }

    // PathCanonicalizer.Canonicalize for paths without a query, with the no-'@' answer rebuilt the general way (segments
    // split and joined again, the health-check file looked for among them); refusals and '@' paths are taken as they come.
    private static CanonicalRoute ReferenceCanonicalize(string raw)
    {
        var plain = PathCanonicalizer.Canonicalize(raw);
        if (raw.Contains('@'))
            return plain;
        if (plain.Rejection is not (RouteRejection.None))
            return plain;
        // With no '@' in the path the general code keeps every segment: rebuild its answer from the split segments.
        var policy = ProtocolAuthPolicies.ForPath(plain.Path);
        var decodedRejection = PercentDecoder.DecodePath(raw, out var path);
        Assert.Equal(RouteRejection.None, decodedRejection);
        var segments = path.Length == policy.PathPrefix.Length ? [] : path[(policy.PathPrefix.Length + 1)..].Split('/');
        var kind = segments.Length == 1 && segments[0].Equals("healthcheck.htm", StringComparison.OrdinalIgnoreCase)
            ? ClientAccessRouteKind.HealthCheck
            : ClientAccessRouteKind.Protocol;
        var canonical = segments.Length == 0 ? policy.PathPrefix : policy.PathPrefix + "/" + string.Join('/', segments);
        return plain.Path == "/" || plain.Path.StartsWith("/healthz", StringComparison.Ordinal)
            ? plain
            : new CanonicalRoute(RouteRejection.None, policy.Protocol, kind, canonical, null);
    }
}
