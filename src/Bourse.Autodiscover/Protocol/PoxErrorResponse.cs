namespace Bourse.Autodiscover.Protocol;

// MS-OXDSCLI 2.2.4.1.1.3: an Autodiscover error response (Response/Error).
internal sealed record PoxErrorResponse(PoxProvider? Schema, PoxErrorCode Code, string Message, DateTimeOffset Time, int Id)
    : PoxResponse(Schema ?? PoxProvider.Outlook)
{
    public static string DefaultMessage(PoxErrorCode code) => code switch
    {
        // Exchange's wording; exchangelib recognises exactly this sentence as "no mailbox".
        PoxErrorCode.EmailAddressNotFound => "The e-mail address cannot be found.",
        PoxErrorCode.BadAddress => "Bad Address",
        PoxErrorCode.InvalidRequest => "Invalid Request",
        PoxErrorCode.ProviderUnavailable => "Provider is not available",
        PoxErrorCode.ConfigurationError => "Bad Address",
        _ => "Internal Server Error",
    };
}
