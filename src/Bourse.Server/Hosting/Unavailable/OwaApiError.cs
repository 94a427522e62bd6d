namespace Bourse.Server.Hosting.Unavailable;

/// <summary>The JSON error body of the OWA API placeholder.</summary>
internal sealed record OwaApiError(string Error, string Message);
