namespace Bourse.Autodiscover.Protocol;

// A decoded POX Autodiscover request (MS-OXDSCLI 2.2.3, MS-ASCMD 2.2.1.1.1).
internal sealed record PoxRequest(PoxProvider Provider, string? EmailAddress, string? LegacyDn);
