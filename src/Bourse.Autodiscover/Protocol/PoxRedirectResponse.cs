namespace Bourse.Autodiscover.Protocol;

// MS-OXDSCLI 2.2.4.1.1.2.8 / MS-ASCMD 2.2.3.147: ask the client to start again with another address.
internal sealed record PoxRedirectResponse(PoxProvider Provider, string RedirectAddress) : PoxResponse(Provider);
