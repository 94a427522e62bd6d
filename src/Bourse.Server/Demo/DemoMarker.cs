namespace Bourse.Server.Demo;

/// <summary>The content of {data}/demo.json: the demo was created, on which domain, with which logins.</summary>
internal sealed record DemoMarker(string Domain, DateTime CreatedUtc, List<DemoLogin> Logins);
