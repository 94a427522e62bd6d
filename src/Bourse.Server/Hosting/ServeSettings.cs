namespace Bourse.Server.Hosting;

/// <summary>What <c>bourse serve</c> was asked on the command line.</summary>
internal sealed record ServeSettings(string DataDirectory, string? Domain, string? Https, bool Demo, string? Role = null);
