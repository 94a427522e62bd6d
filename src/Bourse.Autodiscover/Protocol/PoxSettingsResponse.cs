namespace Bourse.Autodiscover.Protocol;

// The settings for one mailbox (Action settings / MobileSync server).
// MapiHttpVersion: 0 unless the client sent X-MapiHttpCapability (MS-OXDSCLI 2.2.2.1).
internal sealed record PoxSettingsResponse(PoxProvider Provider, MailboxSettings Mailbox, int MapiHttpVersion) : PoxResponse(Provider);
