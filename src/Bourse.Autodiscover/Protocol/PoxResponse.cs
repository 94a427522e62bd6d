namespace Bourse.Autodiscover.Protocol;

// A POX Autodiscover response: settings, an address redirect, or an error.
internal abstract record PoxResponse(PoxProvider Provider);
