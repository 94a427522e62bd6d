namespace Bourse.Autodiscover.Protocol;

// MS-OXDSCLI 2.2.4.1.1.3.2: the error codes of an Autodiscover error response.
internal enum PoxErrorCode
{
    EmailAddressNotFound = 500,
    BadAddress = 501,
    InvalidRequest = 600,
    ProviderUnavailable = 601,
    ConfigurationError = 602,
    InternalError = 603,
}
